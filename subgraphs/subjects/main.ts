import { runRegisteredSubgraph } from '../registry.js';

await runRegisteredSubgraph('subjects');
