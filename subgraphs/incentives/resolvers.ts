import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { badInput } from '../kit/errors.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { chinaToday } from '../kit/time.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { Administration } from './administration.js';
import { isActive, type IncentivesData } from './data.js';
import type { ExemplarRow, Exemplars } from './exemplars.js';
import type { Loans } from './loans.js';
import type { MeasureStore } from './measure-store.js';
import { pointsLevel } from './points.js';
import { causeVisibleTo, isPublicMembership } from './policy.js';
import type { ListMembershipRow, PointsEntryRow, RecordFactRow } from './tables.js';

export type IncentivesDeps = IncentivesData & {
  administration: Administration;
  measureStore: MeasureStore;
  loans: Loans;
  exemplars: Exemplars;
};

/** Memberships the public could not see (key attention, persons') are noted for the audit trail. */
function noteNonPublic(scope: LoaderScope, rows: ListMembershipRow[]): ListMembershipRow[] {
  scope.audit.note(
    'LIST_MEMBERSHIP',
    rows.filter((row) => !isPublicMembership(row, isActive(row))).map((row) => row.subjectId),
  );
  return rows;
}

export function incentivesLoaders(data: IncentivesDeps, scope: LoaderScope) {
  return {
    membershipsOfSubject: childrenLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.membershipsOfSubjects(ids, scope.principal)),
      (row) => row.subjectId,
    ),
    membership: entityLoader(
      (ids: readonly string[]) => data.membershipsByIds(ids),
      (row) => row.id,
    ),
    // Only the causing records the caller may see (records' row rule on the projection): a hidden one is absent.
    causes: childrenLoader(
      async (ids: readonly string[]) => {
        const today = chinaToday();
        return (await data.causesOf(ids)).filter((cause) => causeVisibleTo(scope.principal, cause.fact, today));
      },
      (row) => row.membershipId,
    ),
    supervision: entityLoader(
      (ids: readonly string[]) => data.supervisionOf(ids),
      (row) => row.subjectId,
    ),
    points: childrenLoader(
      (ids: readonly string[]) => data.pointsOf(ids),
      (row) => row.subjectId,
    ),
    loanAuthorisations: childrenLoader(
      (ids: readonly string[]) => data.loans.ofSubjects(ids),
      (row) => row.subjectId,
    ),
    deeds: childrenLoader(
      (ids: readonly string[]) => data.exemplars.deedsOf(ids),
      (row) => row.subjectId,
    ),
  };
}

export type IncentivesCtx = SubgraphContext<IncentivesDeps, ReturnType<typeof incentivesLoaders>>;
type Ctx = IncentivesCtx;

function keysetCursor(cursor: string | undefined): { since: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [since, id] = cursor.split('|');
  if (!since || !/^\d{4}-\d{2}-\d{2}$/.test(since) || !id) throw badInput('after', 'is not a cursor returned by this API');
  return { since, id };
}

/** Lists, supervision, points and exemplars; the workflows' resolvers are in workflow-resolvers. */
export const incentivesResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    listMembers: async (_: unknown, args: { list: string; first?: number; after?: string }, ctx: Ctx) => {
      const size = pageSize(args.first);
      const after = keysetCursor(decodeCursor(args.after));
      if (after && !asUuid(after.id)) throw badInput('after', 'is not a cursor returned by this API');
      const rows = noteNonPublic(ctx, await ctx.data.listMembers(args.list, size, after, ctx.principal));
      return toConnection(rows, size, (row) => `${row.since}|${row.id}`, after !== undefined);
    },
    pointsRules: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.pointsRules(),
    exemplars: async (_: unknown, args: { first?: number; after?: string }, ctx: Ctx) => {
      const size = pageSize(args.first);
      const after = keysetCursor(decodeCursor(args.after));
      const rows = await ctx.data.exemplars.page(size, after && { since: after.since, subjectId: after.id });
      return toConnection(rows, size, (row) => `${row.since}|${row.subjectId}`, after !== undefined);
    },
  },
  ListMembership: {
    subject: (row: ListMembershipRow) => ({ id: row.subjectId }),
    active: (row: ListMembershipRow) => isActive(row),
    // While active, the causes that hold it; once ended, every record that ever caused it.
    causedBy: async (row: ListMembershipRow, _: unknown, ctx: Ctx) => {
      const active = isActive(row);
      return (await ctx.loaders.causes.load(row.id))
        .filter((cause) => !active || cause.liftedAt === null)
        .map((cause) => ({ id: cause.recordId }));
    },
  },
  Subject: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    listMemberships: async (subject: { id: string }, args: { activeOnly?: boolean }, ctx: Ctx) => {
      const rows = await ctx.loaders.membershipsOfSubject.load(subject.id);
      return args.activeOnly ? rows.filter((row) => isActive(row)) : rows;
    },
    supervision: (subject: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.supervision.load(subject.id),
    creditPoints: async (subject: { id: string }, _: unknown, ctx: Ctx) => {
      if (!isPersonSubjectId(subject.id)) return null;
      const history = await ctx.loaders.points.load(subject.id);
      const balance = history.reduce((sum, entry) => sum + entry.delta, 0);
      return { balance, level: pointsLevel(balance), history };
    },
    loanAuthorisations: (subject: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.loanAuthorisations.load(subject.id),
  },
  PointsEntry: {
    kind: (entry: PointsEntryRow) => entry.entryKind,
    record: (entry: PointsEntryRow) => (entry.recordId ? { id: entry.recordId } : null),
  },
  Exemplar: {
    subject: (row: ExemplarRow) => (row.isPerson ? null : { id: row.subjectId }),
    deeds: async (row: ExemplarRow, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.deeds.load(row.subjectId)).map((deed: RecordFactRow) => ({
        category: deed.category,
        label: deed.categoryLabel,
        decisionDate: deed.decisionDate,
        record: row.isPerson ? null : { id: deed.recordId },
      })),
  },
};
