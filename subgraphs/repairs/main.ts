import { runMain } from '../kit/config.js';
import { runSubgraphAlone } from '../kit/standalone.js';
import { createRepairsSubgraph } from './server.js';

await runMain(() => runSubgraphAlone('repairs', createRepairsSubgraph));
