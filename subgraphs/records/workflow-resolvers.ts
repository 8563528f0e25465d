import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import { PUBLIC_PRINCIPAL } from '../kit/principal.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import { addDays, chinaToday } from '../kit/time.js';
import type { RecordFilter } from './data.js';
import type { RecordsDeps } from './intake-resolvers.js';
import type { RectificationExtension } from './intake-store.js';
import type { CreditRecordRow } from './tables.js';
import { recordCursor } from './resolvers.js';
import { extensionsLeft } from './rectification.js';
import { can } from '../kit/access.js';

type Ctx = SubgraphContext<
  RecordsDeps,
  { record: { load(id: string): Promise<CreditRecordRow | null> }; breachesOf: { load(id: string): Promise<CreditRecordRow[]> } }
>;

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function rectification(row: CreditRecordRow, _: unknown, ctx: Ctx) {
  if (!row.rectificationDeadline) return null;
  const left = extensionsLeft(row, ctx.data.rectification.limits);
  const extensions = row.rectificationExtensions as RectificationExtension[];
  const today = chinaToday();
  const overdue = !row.rectificationOutcome && row.rectificationDeadline < today;
  return {
    deadline: row.rectificationDeadline,
    originalDeadline: addDays(row.rectificationDeadline, -extensions.reduce((sum, extension) => sum + extension.days, 0)),
    extensions,
    status: row.rectificationOutcome ?? (overdue ? 'OVERDUE' : 'PENDING'),
    completedOn: row.rectifiedOn,
    overdueDays: overdue ? daysBetween(row.rectificationDeadline, today) : null,
    outcomeHistory: row.rectificationOutcomes,
    extensionsLeft: left.extensions,
    extensionDaysLeft: left.days,
  };
}

const page = async (
  args: { first?: number; after?: string },
  fetch: (size: number, after: ReturnType<typeof recordCursor>) => Promise<CreditRecordRow[]>,
) => {
  const size = pageSize(args.first);
  const after = recordCursor(decodeCursor(args.after));
  return toConnection(await fetch(size, after), size, (row) => `${row.decisionDate}|${row.id}`, after !== undefined);
};

/** Disclosure for the portal, rectification and commitments: thin calls into the workflow module. */
export const workflowResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    publicDisclosures: (_: unknown, args: { first?: number; after?: string; filter?: RecordFilter }, ctx: Ctx) =>
      page(args, (size, after) => ctx.data.searchRecords(args.filter, size, after, PUBLIC_PRINCIPAL)),
    overdueRectifications: (_: unknown, args: { first?: number; after?: string }, ctx: Ctx) =>
      page(args, (size, after) =>
        ctx.data.workflow.overdueRectifications(can(ctx.principal, 'administer') ? null : (ctx.principal.unitId ?? ''), size, after),
      ),
  },
  Mutation: {
    extendRectification: (_: unknown, args: { recordId: string; days: number; reason: string }, ctx: Ctx) =>
      ctx.data.rectification.extendRectification(ctx, args.recordId, args.days, args.reason),
    recordRectification: (_: unknown, args: { recordId: string; outcome: 'RECTIFIED' | 'NOT_RECTIFIED'; on: string }, ctx: Ctx) =>
      ctx.data.rectification.recordRectification(ctx, args.recordId, args.outcome, args.on),
    fulfilCommitment: (_: unknown, args: { recordId: string }, ctx: Ctx) => ctx.data.workflow.fulfilCommitment(ctx, args.recordId),
  },
  CreditRecord: {
    rectification,
    commitment: (row: CreditRecordRow, _: unknown, ctx: Ctx) =>
      row.kind === 'COMMITMENT'
        ? {
            status: row.commitmentStatus ?? 'IN_FORCE',
            breachedBy: row.breachRecordId ? ctx.loaders.record.load(row.breachRecordId) : null,
            breaches: ctx.loaders.breachesOf.load(row.id),
          }
        : null,
    breachOf: (row: CreditRecordRow, _: unknown, ctx: Ctx) => (row.breachOfRecordId ? ctx.loaders.record.load(row.breachOfRecordId) : null),
  },
};
