import type { SubgraphName } from './kit/config.js';
import type { SubgraphFactory } from './kit/subgraph.js';
import { createIncentivesSubgraph } from './incentives/server.js';
import { createRecordsSubgraph } from './records/server.js';
import { createRepairsSubgraph } from './repairs/server.js';
import { createReportsSubgraph } from './reports/server.js';
import { createSubjectsSubgraph } from './subjects/server.js';

/** The subgraphs by name, for the runners that start them. */
export const SUBGRAPH_FACTORIES: Record<SubgraphName, SubgraphFactory> = {
  subjects: createSubjectsSubgraph,
  records: createRecordsSubgraph,
  repairs: createRepairsSubgraph,
  incentives: createIncentivesSubgraph,
  reports: createReportsSubgraph,
};
