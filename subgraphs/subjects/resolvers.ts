import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { forbidden } from '../kit/errors.js';
import { assertIdNumber, checkCreditCode } from '../kit/identifiers.js';
import { badInput } from '../kit/errors.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import { entityLoader } from '../kit/loaders.js';
import type { Principal } from '../kit/principal.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import type { SubjectFilter, SubjectsData } from './data.js';
import { mayRevealIdNumber } from './policy.js';
import type { SubjectRow } from './tables.js';

export function subjectsLoaders(data: SubjectsData, principal: Principal) {
  return {
    subject: entityLoader((ids: readonly string[]) => data.subjectsByIds(ids, principal), (row) => row.id),
    memberUnit: entityLoader((ids: readonly string[]) => data.memberUnitsByIds(ids), (row) => row.id),
  };
}

type Ctx = SubgraphContext<SubjectsData, ReturnType<typeof subjectsLoaders>>;

/** A well-formed code with a wrong check character may still be one of the registry's flagged historic codes. */
async function byCreditCode(code: string, ctx: Ctx): Promise<SubjectRow | null> {
  const check = checkCreditCode(code);
  if (check.ok) return ctx.data.subjectByCreditCode(check.value, ctx.principal);
  const historic = check.checksumOnly && check.value ? await ctx.data.subjectByCreditCode(check.value, ctx.principal) : null;
  if (historic?.creditCodeChecksumValid === false) return historic;
  throw badInput('code', check.reason);
}

export const subjectsResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    subject: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.subject.load(args.id),
    subjectByCode: (_: unknown, args: { code: string }, ctx: Ctx) => byCreditCode(args.code, ctx),
    subjectByIdNumber: (_: unknown, args: { idNumber: string }, ctx: Ctx) =>
      ctx.loaders.subject.load(ctx.data.personIdFor(assertIdNumber('idNumber', args.idNumber))),
    subjects: async (_: unknown, args: { first?: number; after?: string; filter?: SubjectFilter }, ctx: Ctx) => {
      const size = pageSize(args.first);
      const afterId = decodeCursor(args.after);
      const { page, countTotal } = await ctx.data.searchSubjects(args.filter, size, afterId, ctx.principal);
      return { ...toConnection(page, size, (row) => row.id, afterId !== undefined), totalCount: countTotal };
    },
    memberUnit: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.memberUnit.load(args.id),
    memberUnits: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.allMemberUnits(),
  },
  Subject: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.subject.load(ref.id),
    idNumber: (row: SubjectRow, _: unknown, ctx: Ctx) => {
      if (!row.idNumberEncrypted) return null;
      if (!mayRevealIdNumber(ctx.principal, row.id)) throw forbidden('idNumber is shown only to the person and the credit office');
      return ctx.data.revealIdNumber(row);
    },
  },
  MemberUnit: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.memberUnit.load(ref.id),
  },
};
