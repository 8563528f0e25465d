import { runSubgraphAlone } from '../kit/standalone.js';
import { createRepairsSubgraph } from './server.js';

await runSubgraphAlone('repairs', createRepairsSubgraph);
