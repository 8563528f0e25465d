import { runMain } from '../kit/config.js';
import { runSubgraphAlone } from '../kit/standalone.js';
import { createRecordsSubgraph } from './server.js';

await runMain(() => runSubgraphAlone('records', createRecordsSubgraph));
