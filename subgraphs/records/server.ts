import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createRecordsData } from './data.js';
import { recordsLoaders, recordsResolvers } from './resolvers.js';

export function createRecordsSubgraph({ db }: SubgraphDeps) {
  return defineSubgraph({
    name: 'records',
    sdl: new URL('../../schema/records.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createRecordsData(db),
    loaders: recordsLoaders,
    resolvers: recordsResolvers,
  });
}
