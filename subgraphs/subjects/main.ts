import { runSubgraphAlone } from '../kit/standalone.js';
import { createSubjectsSubgraph } from './server.js';

await runSubgraphAlone('subjects', createSubjectsSubgraph);
