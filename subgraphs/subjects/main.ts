import { runMain } from '../kit/config.js';
import { runSubgraphAlone } from '../kit/standalone.js';
import { createSubjectsSubgraph } from './server.js';

await runMain(() => runSubgraphAlone('subjects', createSubjectsSubgraph));
