import { readFeed } from '../kit/events.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createSubjectsData } from './data.js';
import { SUBJECTS_CONSUMES } from './events.js';
import { MEMBER_UNITS } from './member-units.js';
import { SUBJECTS_FIELD_POLICY } from './policy.js';
import { createRegistrationStore } from './registration-store.js';
import { subjectsLoaders, subjectsResolvers } from './resolvers.js';
import { subjectsAudit, subjectsOutbox } from './tables.js';

export function createSubjectsSubgraph(deps: SubgraphDeps) {
  const data = createSubjectsData(deps.db, deps.secrets);
  return defineSubgraph(deps, {
    name: 'subjects',
    sdl: new URL('../../schema/subjects.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: { ...data, registration: createRegistrationStore(deps.db) },
    prepare: () => data.registerMemberUnits(MEMBER_UNITS),
    auditTable: subjectsAudit,
    loaders: subjectsLoaders,
    resolvers: subjectsResolvers,
    fieldPolicy: SUBJECTS_FIELD_POLICY,
    consumes: SUBJECTS_CONSUMES,
    feed: (after, limit) => readFeed(deps.db, subjectsOutbox, after, limit),
  });
}
