import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createRepairsData } from './data.js';
import { repairsLoaders, repairsResolvers } from './resolvers.js';

export function createRepairsSubgraph({ db }: SubgraphDeps) {
  return defineSubgraph({
    name: 'repairs',
    sdl: new URL('../../schema/repairs.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createRepairsData(db),
    loaders: repairsLoaders,
    resolvers: repairsResolvers,
  });
}
