import { readFeed } from '../kit/events.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { subjectsLoaders, type SubjectsDeps, type SubjectsLoaders } from './context.js';
import { createDesignationStore } from './designation-store.js';
import { SUBJECTS_CONSUMES } from './events.js';
import { createMemberUnitStore } from './member-unit-store.js';
import { MEMBER_UNITS } from './member-units.js';
import { SUBJECTS_FIELD_POLICY } from './policy.js';
import { createRegistrationStore } from './registration-store.js';
import { resolvers } from './resolvers/index.js';
import { createSubjectReads } from './subject-reads.js';
import { createSubjectStore } from './subject-store.js';
import { subjectsAudit, subjectsAuditCheckpoints, subjectsOutbox } from './tables.js';

export function createSubjectsSubgraph(deps: SubgraphDeps) {
  const { db, secrets } = deps;
  const subjects = createSubjectStore(db);
  const units = createMemberUnitStore(db);
  const data: SubjectsDeps = {
    ...createSubjectReads(subjects, units, { pseudonymKey: secrets.pseudonymKey, idEncryptionKey: secrets.idEncryptionKey }),
    subjects,
    units,
    registration: createRegistrationStore(db),
    designation: createDesignationStore(db),
    isEmpty: () => subjects.isEmpty(),
    ping: () => subjects.ping(),
  };
  return defineSubgraph<SubjectsDeps, SubjectsLoaders>(deps, {
    name: 'subjects',
    sdl: new URL('../../schema/subjects.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    prepare: () => units.registerMemberUnits(MEMBER_UNITS),
    auditTable: subjectsAudit,
    auditCheckpoints: subjectsAuditCheckpoints,
    loaders: subjectsLoaders,
    resolvers,
    fieldPolicy: SUBJECTS_FIELD_POLICY,
    consumes: SUBJECTS_CONSUMES,
    feed: (after, limit) => readFeed(db, subjectsOutbox, after, limit),
  });
}
