import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { encodeAuditFilter } from '../kit/audit-trail.js';
import { badInput } from '../kit/errors.js';
import { assertIdNumber, checkCreditCode } from '../kit/identifiers.js';
import { entityLoader } from '../kit/loaders.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import { statisticsBuckets } from '../kit/statistics.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import { checksTextItself } from '../kit/text-guard.js';
import type { SubjectDimension, SubjectFilter, SubjectsData } from './data.js';
import { designateSubjects, type SubjectDesignationInput } from './designation.js';
import { registerSubjects } from './register.js';
import { canonicalAmount, type SubjectRegistrationInput } from './registration.js';
import type { RegistrationStore } from './registration-store.js';
import type { SubjectRow } from './tables.js';

/** Every person's file a caller reads is noted for the audit trail. */
function notePersons(scope: LoaderScope, rows: SubjectRow[]): SubjectRow[] {
  scope.audit.note(
    'PERSON_SUBJECT',
    rows.filter((row) => row.kind === 'NATURAL_PERSON').map((row) => row.id),
  );
  return rows;
}

export function subjectsLoaders(data: SubjectsData, scope: LoaderScope) {
  return {
    subject: entityLoader(
      async (ids: readonly string[]) => notePersons(scope, await data.subjectsByIds(ids, scope.principal)),
      (row) => row.id,
    ),
    memberUnit: entityLoader(
      (ids: readonly string[]) => data.memberUnitsByIds(ids),
      (row) => row.id,
    ),
  };
}

export type SubjectsDeps = SubjectsData & { registration: RegistrationStore };
type Ctx = SubgraphContext<SubjectsDeps, ReturnType<typeof subjectsLoaders>>;

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
      notePersons(ctx, page);
      return { ...toConnection(page, size, (row) => row.id, afterId !== undefined), totalCount: countTotal };
    },
    memberUnit: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.memberUnit.load(args.id),
    memberUnits: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.allMemberUnits(),
    subjectStatistics: async (_: unknown, args: { by: SubjectDimension }, ctx: Ctx) =>
      statisticsBuckets(await ctx.data.statistics(args.by), ctx.principal),
    auditTrail: (_: unknown, args: { filter?: Parameters<typeof encodeAuditFilter>[0] }) => ({ filter: encodeAuditFilter(args.filter) }),
  },
  Mutation: {
    // Text that cannot be stored rejects its item by name (prepareRegistration), not the whole call.
    registerSubjects: checksTextItself((_: unknown, args: { input: SubjectRegistrationInput[] }, ctx: Ctx) =>
      registerSubjects({ principal: ctx.principal, audit: ctx.audit, registration: ctx.data.registration }, args.input),
    ),
    designateSubjects: (_: unknown, args: { input: SubjectDesignationInput[]; reason: string }, ctx: Ctx) =>
      designateSubjects({ principal: ctx.principal, audit: ctx.audit, registration: ctx.data.registration }, args.input, args.reason),
  },
  Subject: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.subject.load(ref.id),
    idNumber: (row: SubjectRow, _: unknown, ctx: Ctx) => ctx.data.revealIdNumber(row),
    registeredCapital: (row: SubjectRow) =>
      row.registeredCapitalAmount && row.registeredCapitalCurrency
        ? { amount: canonicalAmount(row.registeredCapitalAmount), currency: row.registeredCapitalCurrency }
        : null,
  },
  MemberUnit: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.memberUnit.load(ref.id),
  },
};
