import { runRegisteredSubgraph } from '../registry.js';

await runRegisteredSubgraph('repairs');
