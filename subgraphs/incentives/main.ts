import { runSubgraphAlone } from '../kit/standalone.js';
import { createIncentivesSubgraph } from './server.js';

await runSubgraphAlone('incentives', createIncentivesSubgraph);
