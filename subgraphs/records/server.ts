import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createRecordsData } from './data.js';
import { RECORDS_FIELD_POLICY } from './policy.js';
import { recordsLoaders, recordsResolvers } from './resolvers.js';
import { recordsAudit } from './tables.js';

export function createRecordsSubgraph(deps: SubgraphDeps) {
  return defineSubgraph(deps, {
    name: 'records',
    sdl: new URL('../../schema/records.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createRecordsData(deps.db),
    auditTable: recordsAudit,
    loaders: recordsLoaders,
    resolvers: recordsResolvers,
    fieldPolicy: RECORDS_FIELD_POLICY,
  });
}
