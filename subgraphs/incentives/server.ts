import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createIncentivesData } from './data.js';
import { INCENTIVES_FIELD_POLICY } from './policy.js';
import { incentivesLoaders, incentivesResolvers } from './resolvers.js';
import { incentivesAudit } from './tables.js';

export function createIncentivesSubgraph(deps: SubgraphDeps) {
  return defineSubgraph(deps, {
    name: 'incentives',
    sdl: new URL('../../schema/incentives.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createIncentivesData(deps.db),
    auditTable: incentivesAudit,
    loaders: incentivesLoaders,
    resolvers: incentivesResolvers,
    fieldPolicy: INCENTIVES_FIELD_POLICY,
  });
}
