import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { RepairsDeps } from './application-resolvers.js';
import type { ObjectionRow, RepairApplicationRow } from './tables.js';

/** Every case a caller reads is a subject's own affair: noted for the audit trail. */
function noted<T extends { subjectId: string }>(
  scope: LoaderScope,
  dataClass: 'REPAIR_CASE' | 'OBJECTION',
  read: Promise<T[]>,
): Promise<T[]> {
  return read.then((rows) => {
    scope.audit.note(
      dataClass,
      rows.map((row) => row.subjectId),
    );
    return rows;
  });
}

export function repairsLoaders(data: RepairsDeps, scope: LoaderScope) {
  const { principal } = scope;
  const applications = (read: Promise<RepairApplicationRow[]>) => noted(scope, 'REPAIR_CASE', read);
  const objections = (read: Promise<ObjectionRow[]>) => noted(scope, 'OBJECTION', read);
  return {
    application: entityLoader(
      (ids: readonly string[]) => applications(data.applicationsByIds(ids, principal)),
      (row) => row.id,
    ),
    applicationsOfSubject: childrenLoader(
      (keys: readonly string[]) => applications(data.applicationsOf('subjectId', keys, principal)),
      (row) => row.subjectId,
    ),
    applicationsOfRecord: childrenLoader(
      (keys: readonly string[]) => applications(data.applicationsOf('recordId', keys, principal)),
      (row) => row.recordId,
    ),
    objection: entityLoader(
      (ids: readonly string[]) => objections(data.objectionsByIds(ids, principal)),
      (row) => row.id,
    ),
    objectionsOfSubject: childrenLoader(
      (keys: readonly string[]) => objections(data.objectionsOf('subjectId', keys, principal)),
      (row) => row.subjectId,
    ),
    objectionsOfRecord: childrenLoader(
      (keys: readonly string[]) => objections(data.objectionsOf('recordId', keys, principal)),
      (row) => row.recordId,
    ),
    history: childrenLoader(
      (ids: readonly string[]) => data.historyOf(ids),
      (row) => row.caseId,
    ),
    trainingOfSubject: childrenLoader(
      (ids: readonly string[]) => data.training.enrolmentsOf(ids),
      (row) => row.subjectId,
    ),
    trainingSession: entityLoader(
      (ids: readonly string[]) => data.training.sessionsByIds(ids),
      (row) => row.id,
    ),
    seatsTaken: entityLoader(
      (ids: readonly string[]) => data.training.seatsTaken(ids),
      (row) => row.sessionId,
    ),
    subjectTags: entityLoader(
      (ids: readonly string[]) => data.workQueueStore.subjectTags(ids),
      (row) => row.subjectId,
    ),
  };
}

type Ctx = SubgraphContext<RepairsDeps, ReturnType<typeof repairsLoaders>>;

/** Fields both kinds of case resolve the same way. */
const caseFields = {
  record: (row: { recordId: string }) => ({ id: row.recordId }),
  subject: (row: { subjectId: string }) => ({ id: row.subjectId }),
  history: (row: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.history.load(row.id),
};

export const repairsResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    repairApplication: (_: unknown, args: { id: string }, ctx: Ctx) => {
      const id = asUuid(args.id);
      return id ? ctx.loaders.application.load(id) : null;
    },
    objection: (_: unknown, args: { id: string }, ctx: Ctx) => {
      const id = asUuid(args.id);
      return id ? ctx.loaders.objection.load(id) : null;
    },
  },
  RepairApplication: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => {
      const id = asUuid(ref.id);
      return id ? ctx.loaders.application.load(id) : null;
    },
    ...caseFields,
  },
  Objection: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => {
      const id = asUuid(ref.id);
      return id ? ctx.loaders.objection.load(id) : null;
    },
    ...caseFields,
  },
  Subject: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    repairApplications: (subject: { id: string }, _: unknown, ctx: Ctx): Promise<RepairApplicationRow[]> =>
      ctx.loaders.applicationsOfSubject.load(subject.id),
    objections: (subject: { id: string }, _: unknown, ctx: Ctx): Promise<ObjectionRow[]> =>
      ctx.loaders.objectionsOfSubject.load(subject.id),
  },
  CreditRecord: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    repairApplications: (record: { id: string }, _: unknown, ctx: Ctx) =>
      asUuid(record.id) ? ctx.loaders.applicationsOfRecord.load(record.id) : [],
    objections: (record: { id: string }, _: unknown, ctx: Ctx) => (asUuid(record.id) ? ctx.loaders.objectionsOfRecord.load(record.id) : []),
  },
};
