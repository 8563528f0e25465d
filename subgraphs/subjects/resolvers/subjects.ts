import { assertIdNumber } from '../../kit/identifiers.js';
import type { Resolvers } from '../generated/graphql.js';
import { registeredCapitalOf } from '../subject-reads.js';

/** Reading credit files: one, by code, by ID number, a search, statistics; thin calls into subject-reads.ts. */
export const subjectResolvers: Resolvers = {
  Query: {
    subject: (_, args, ctx) => ctx.loaders.subject.load(args.id),
    subjectByCode: (_, args, ctx) => ctx.data.subjectByCode(args.code, ctx.principal),
    subjectByIdNumber: (_, args, ctx) => ctx.loaders.subject.load(ctx.data.personIdFor(assertIdNumber('idNumber', args.idNumber))),
    subjects: (_, args, ctx) => ctx.data.searchSubjects(ctx, args),
    subjectStatistics: (_, args, ctx) => ctx.data.statistics(args.by, ctx.principal),
  },
  SubjectConnection: {
    totalCount: (page) => page.countTotal(),
  },
  Subject: {
    __resolveReference: (ref, ctx) => ctx.loaders.subject.load(ref.id),
    idNumber: (row, _, ctx) => ctx.data.revealIdNumber(row),
    registeredCapital: (row) => registeredCapitalOf(row),
  },
};
