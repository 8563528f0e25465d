import { useSubgraph } from './subgraph.js';

export { AS_PRINCIPAL, asSubject } from './subgraph.js';

/** The records subgraph alone for a test file (support/subgraph.ts). */
export const useRecordsSubgraph = () => useSubgraph('records');
