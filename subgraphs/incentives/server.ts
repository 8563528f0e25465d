import { mergeResolvers } from '../kit/loaders.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createAdministration } from './administration.js';
import { createIncentivesData } from './data.js';
import { reassessExpired } from './consequences.js';
import { INCENTIVES_CONSUMES } from './events.js';
import { createExemplars } from './exemplars.js';
import { createLoans } from './loans.js';
import { createMeasureStore } from './measure-store.js';
import { INCENTIVES_FIELD_POLICY } from './policy.js';
import { incentivesLoaders, incentivesResolvers, type IncentivesDeps } from './resolvers.js';
import { incentivesAudit } from './tables.js';
import { workflowResolvers } from './workflow-resolvers.js';

export function createIncentivesSubgraph(deps: SubgraphDeps) {
  const reads = createIncentivesData(deps.db);
  const data: IncentivesDeps = {
    ...reads,
    administration: createAdministration(deps.db),
    measureStore: createMeasureStore(deps.db),
    loans: createLoans(deps.db, reads),
    exemplars: createExemplars(deps.db),
  };
  return defineSubgraph<IncentivesDeps, ReturnType<typeof incentivesLoaders>>(deps, {
    name: 'incentives',
    sdl: new URL('../../schema/incentives.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    auditTable: incentivesAudit,
    loaders: incentivesLoaders,
    resolvers: mergeResolvers(incentivesResolvers as never, workflowResolvers as never),
    fieldPolicy: INCENTIVES_FIELD_POLICY,
    prepare: () => reads.installDefaultPointsRules(),
    consumes: INCENTIVES_CONSUMES,
    housekeeping: () => reassessExpired(deps.db),
  });
}
