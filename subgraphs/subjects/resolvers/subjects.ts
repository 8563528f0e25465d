import { entityCacheHint } from '../../kit/cache-policy.js';
import { assertIdNumber } from '../../kit/identifiers.js';
import { isPersonSubjectId } from '../../kit/personal-data.js';
import type { Resolvers } from '../generated/graphql.js';
import { registeredCapitalOf } from '../subject-reads.js';

/** As long as the public disclosures that name organisations (publicDisclosures, schema/records.graphql). */
const PUBLIC_ENTITY_MAX_AGE = 60;

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
    __resolveReference: (ref, ctx, info) => {
      // An organisation's public file may be kept as long as the public disclosure holding it; a person's never.
      entityCacheHint(info, isPersonSubjectId(ref.id) ? 0 : PUBLIC_ENTITY_MAX_AGE);
      return ctx.loaders.subject.load(ref.id);
    },
    idNumber: (row, _, ctx) => ctx.data.revealIdNumber(row),
    registeredCapital: (row) => registeredCapitalOf(row),
  },
};
