import { runMain } from '../kit/config.js';
import { runSubgraphAlone } from '../kit/standalone.js';
import { createIncentivesSubgraph } from './server.js';

await runMain(() => runSubgraphAlone('incentives', createIncentivesSubgraph));
