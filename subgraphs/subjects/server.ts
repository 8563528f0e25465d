import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createSubjectsData } from './data.js';
import { subjectsLoaders, subjectsResolvers } from './resolvers.js';

export function createSubjectsSubgraph({ db, secrets }: SubgraphDeps) {
  return defineSubgraph({
    name: 'subjects',
    sdl: new URL('../../schema/subjects.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: createSubjectsData(db, secrets),
    loaders: subjectsLoaders,
    resolvers: subjectsResolvers,
  });
}
