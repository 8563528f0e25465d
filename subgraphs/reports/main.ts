import { runMain } from '../kit/config.js';
import { runSubgraphAlone } from '../kit/standalone.js';
import { createReportsSubgraph } from './server.js';

await runMain(() => runSubgraphAlone('reports', createReportsSubgraph));
