import { readFeed } from '../kit/events.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createSubjectsData } from './data.js';
import { SUBJECTS_CONSUMES } from './events.js';
import { SUBJECTS_FIELD_POLICY } from './policy.js';
import { createRegistrationStore } from './registration-store.js';
import { subjectsLoaders, subjectsResolvers } from './resolvers.js';
import { subjectsAudit, subjectsOutbox } from './tables.js';

export function createSubjectsSubgraph(deps: SubgraphDeps) {
  return defineSubgraph(deps, {
    name: 'subjects',
    sdl: new URL('../../schema/subjects.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: { ...createSubjectsData(deps.db, deps.secrets), registration: createRegistrationStore(deps.db) },
    auditTable: subjectsAudit,
    loaders: subjectsLoaders,
    resolvers: subjectsResolvers,
    fieldPolicy: SUBJECTS_FIELD_POLICY,
    consumes: SUBJECTS_CONSUMES,
    feed: (after, limit) => readFeed(deps.db, subjectsOutbox, after, limit),
  });
}
