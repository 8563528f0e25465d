import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { decodeCursor, encodeCursor, pageSize } from '../kit/pagination.js';
import { badInput } from '../kit/errors.js';
import type { ListEntryInput } from './administration.js';
import { isAuthorisationActive } from './loans.js';
import type { FeedbackInput, MeasureDue } from './measure-store.js';
import { measureByCode, MEASURES, type Measure } from './measures.js';
import type { IncentivesCtx as Ctx } from './resolvers.js';
import type { LoanAuthorisationRow, MeasureFeedbackRow } from './tables.js';

/** Offset cursors: the overview is computed whole, then paged. */
function offsetPage<T>(items: T[], first: number | undefined, after: string | undefined) {
  const size = pageSize(first, 'first', 50);
  const key = decodeCursor(after);
  const start = key === undefined ? 0 : Number(key);
  if (!Number.isInteger(start) || start < 0) throw badInput('after', 'is not a cursor returned by this API');
  const edges = items.slice(start, start + size).map((node, i) => ({ node, cursor: encodeCursor(String(start + i + 1)) }));
  return {
    edges,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Manual list entries, measures and feedback, points rules, 信易贷 and exemplar consent: thin calls into their modules. */
export const workflowResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    measures: (_: unknown, args: { list?: string | null }) => MEASURES.filter((measure) => !args.list || measure.list === args.list),
    measuresFor: (_: unknown, args: { subject: string; unit?: string | null }, ctx: Ctx) =>
      ctx.data.measureStore.measuresFor(ctx, args.subject, args.unit),
    measureCompliance: async (
      _: unknown,
      args: { list: string; unit?: string | null; applied?: boolean | null; first?: number; after?: string },
      ctx: Ctx,
    ) => offsetPage(await ctx.data.measureStore.compliance(ctx, args.list, args.unit, args.applied), args.first, args.after),
    measureComplianceSummary: (_: unknown, args: { list?: string | null }, ctx: Ctx) => ctx.data.measureStore.summary(ctx, args.list),
    loanProfile: (_: unknown, args: { subject: string }, ctx: Ctx) => ctx.data.loans.profile(ctx, args.subject),
    loanAuthorisations: (_: unknown, args: { activeOnly?: boolean }, ctx: Ctx) => ctx.data.loans.list(ctx, args.activeOnly ?? true),
  },
  Mutation: {
    addListEntry: (_: unknown, args: { input: ListEntryInput }, ctx: Ctx) => ctx.data.administration.addListEntry(ctx, args.input),
    endListMembership: (_: unknown, args: { id: string; reason: string }, ctx: Ctx) =>
      ctx.data.administration.endListMembership(ctx, args.id, args.reason),
    setPointsRule: (_: unknown, args: { basis: string; points: number }, ctx: Ctx) =>
      ctx.data.administration.setPointsRule(ctx, args.basis, args.points),
    reportMeasureFeedback: (_: unknown, args: { input: FeedbackInput }, ctx: Ctx) => ctx.data.measureStore.report(ctx, args.input),
    grantLoanAuthorisation: (_: unknown, args: { institution: string; validUntil: string }, ctx: Ctx) =>
      ctx.data.loans.grant(ctx, args.institution, args.validUntil),
    revokeLoanAuthorisation: (_: unknown, args: { id: string }, ctx: Ctx) => ctx.data.loans.revoke(ctx, args.id),
    consentToExemplarPublicity: (_: unknown, args: { displayName: string }, ctx: Ctx) => ctx.data.exemplars.consent(ctx, args.displayName),
    withdrawExemplarConsent: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.exemplars.withdraw(ctx),
  },
  Measure: {
    unitIds: (measure: Measure) => measure.units,
    units: (measure: Measure) => measure.units.map((id) => ({ id })),
  },
  MeasureDue: {
    unit: (due: MeasureDue) => ({ id: due.unitId }),
    subject: (due: MeasureDue) => ({ id: due.subjectId }),
  },
  MeasureFeedback: {
    measure: (row: MeasureFeedbackRow) => measureByCode(row.measure),
    unit: (row: MeasureFeedbackRow) => ({ id: row.unitId }),
    subject: (row: MeasureFeedbackRow) => ({ id: row.subjectId }),
    membership: (row: MeasureFeedbackRow, _: unknown, ctx: Ctx) => ctx.loaders.membership.load(row.membershipId),
  },
  MeasureComplianceCount: {
    unit: (count: { unitId: string }) => ({ id: count.unitId }),
  },
  LoanAuthorisation: {
    subject: (row: LoanAuthorisationRow) => ({ id: row.subjectId }),
    institution: (row: LoanAuthorisationRow) => ({ id: row.institutionId }),
    active: (row: LoanAuthorisationRow) => isAuthorisationActive(row),
  },
};
