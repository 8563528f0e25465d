import { runSubgraphAlone } from '../kit/standalone.js';
import { createRecordsSubgraph } from './server.js';

await runSubgraphAlone('records', createRecordsSubgraph);
