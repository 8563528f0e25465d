import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { badInput } from '../kit/errors.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import { isActive, type IncentivesData } from './data.js';
import { pointsLevel } from './points-levels.js';
import { isPublicMembership } from './policy.js';
import type { ListMembershipRow } from './tables.js';

/** Memberships the public could not see (key attention, persons') are noted for the audit trail. */
function noteNonPublic(scope: LoaderScope, rows: ListMembershipRow[]): ListMembershipRow[] {
  scope.audit.note('LIST_MEMBERSHIP', rows.filter((row) => !isPublicMembership(row)).map((row) => row.subjectId));
  return rows;
}

export function incentivesLoaders(data: IncentivesData, scope: LoaderScope) {
  return {
    membershipsOfSubject: childrenLoader(async (ids: readonly string[]) => noteNonPublic(scope, await data.membershipsOfSubjects(ids, scope.principal)), (row) => row.subjectId),
    causes: childrenLoader((ids: readonly string[]) => data.causesOf(ids), (row) => row.membershipId),
    supervision: entityLoader((ids: readonly string[]) => data.supervisionOf(ids), (row) => row.subjectId),
    points: childrenLoader((ids: readonly string[]) => data.pointsOf(ids), (row) => row.subjectId),
  };
}

type Ctx = SubgraphContext<IncentivesData, ReturnType<typeof incentivesLoaders>>;

function membershipCursor(cursor: string | undefined): { since: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [since, id] = cursor.split('|');
  if (!since || !id || !asUuid(id)) throw badInput('after', 'is not a cursor returned by this API');
  return { since, id };
}

export const incentivesResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    listMembers: async (_: unknown, args: { list: string; first?: number; after?: string }, ctx: Ctx) => {
      const size = pageSize(args.first);
      const after = membershipCursor(decodeCursor(args.after));
      const rows = noteNonPublic(ctx, await ctx.data.listMembers(args.list, size, after, ctx.principal));
      return toConnection(rows, size, (row) => `${row.since}|${row.id}`, after !== undefined);
    },
  },
  ListMembership: {
    subject: (row: ListMembershipRow) => ({ id: row.subjectId }),
    active: (row: ListMembershipRow) => isActive(row),
    causedBy: async (row: ListMembershipRow, _: unknown, ctx: Ctx) => (await ctx.loaders.causes.load(row.id)).map((cause) => ({ id: cause.recordId })),
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
      return { balance, level: pointsLevel(balance), history: history.map((entry) => ({ ...entry, record: entry.recordId ? { id: entry.recordId } : null })) };
    },
  },
};
