import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createRepairsData } from './data.js';
import { REPAIRS_CONSUMES } from './events.js';
import { REPAIRS_FIELD_POLICY } from './policy.js';
import { repairsLoaders, repairsResolvers } from './resolvers.js';
import { repairsAudit } from './tables.js';

export function createRepairsSubgraph(deps: SubgraphDeps) {
  return defineSubgraph(deps, {
    name: 'repairs',
    sdl: new URL('../../schema/repairs.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createRepairsData(deps.db),
    auditTable: repairsAudit,
    loaders: repairsLoaders,
    resolvers: repairsResolvers,
    fieldPolicy: REPAIRS_FIELD_POLICY,
    consumes: REPAIRS_CONSUMES,
  });
}
