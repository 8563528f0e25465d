import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createIncentivesData } from './data.js';
import { incentivesLoaders, incentivesResolvers } from './resolvers.js';

export function createIncentivesSubgraph({ db }: SubgraphDeps) {
  return defineSubgraph({
    name: 'incentives',
    sdl: new URL('../../schema/incentives.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createIncentivesData(db),
    loaders: incentivesLoaders,
    resolvers: incentivesResolvers,
  });
}
