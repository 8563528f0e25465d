import { asUuid } from '../../kit/ids.js';
import type { RepairsContext } from '../context.js';
import type { Resolvers } from '../generated/graphql.js';

const loadApplication = (id: string, ctx: RepairsContext) => {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.application.load(uuid) : null;
};

const loadObjection = (id: string, ctx: RepairsContext) => {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.objection.load(uuid) : null;
};

/** Reading cases: one by id, a subject's or a record's, their history, the public progress look-up by number and code. */
export const caseResolvers: Resolvers = {
  Query: {
    repairApplication: (_, args, ctx) => loadApplication(args.id, ctx),
    objection: (_, args, ctx) => loadObjection(args.id, ctx),
    applicationProgress: (_, args, ctx) => ctx.data.progress(ctx, args.number, args.code),
  },
  RepairApplication: {
    __resolveReference: (ref, ctx) => loadApplication(ref.id, ctx),
    record: (row) => ({ id: row.recordId }),
    subject: (row) => ({ id: row.subjectId }),
    history: (row, _, ctx) => ctx.loaders.history.load(row.id),
  },
  Objection: {
    __resolveReference: (ref, ctx) => loadObjection(ref.id, ctx),
    record: (row) => ({ id: row.recordId }),
    subject: (row) => ({ id: row.subjectId }),
    history: (row, _, ctx) => ctx.loaders.history.load(row.id),
  },
  Subject: {
    __resolveReference: (ref) => ({ id: ref.id }),
    repairApplications: (subject, _, ctx) => ctx.loaders.applicationsOfSubject.load(subject.id),
    objections: (subject, _, ctx) => ctx.loaders.objectionsOfSubject.load(subject.id),
  },
  CreditRecord: {
    __resolveReference: (ref) => ({ id: ref.id }),
    repairApplications: (record, _, ctx) => (asUuid(record.id) ? ctx.loaders.applicationsOfRecord.load(record.id) : []),
    objections: (record, _, ctx) => (asUuid(record.id) ? ctx.loaders.objectionsOfRecord.load(record.id) : []),
  },
};
