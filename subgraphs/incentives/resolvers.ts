import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { badInput, forbidden } from '../kit/errors.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import type { Principal } from '../kit/principal.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import { isActive, type IncentivesData } from './data.js';
import { pointsLevel } from './points-levels.js';
import { mayRead } from './policy.js';
import type { ListMembershipRow } from './tables.js';

export function incentivesLoaders(data: IncentivesData, principal: Principal) {
  return {
    membershipsOfSubject: childrenLoader((ids: readonly string[]) => data.membershipsOfSubjects(ids, principal), (row) => row.subjectId),
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
      const rows = await ctx.data.listMembers(args.list, size, after, ctx.principal);
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
    supervision: (subject: { id: string }, _: unknown, ctx: Ctx) => {
      if (!mayRead(ctx.principal, 'supervision', subject.id)) throw forbidden('the supervision level is shown only to member units, the credit office and the subject itself');
      return ctx.loaders.supervision.load(subject.id);
    },
    creditPoints: async (subject: { id: string }, _: unknown, ctx: Ctx) => {
      if (!isPersonSubjectId(subject.id)) return null;
      if (!mayRead(ctx.principal, 'points', subject.id)) throw forbidden('Loucheng credit points are shown only to the person and the credit office');
      const history = await ctx.loaders.points.load(subject.id);
      const balance = history.reduce((sum, entry) => sum + entry.delta, 0);
      return { balance, level: pointsLevel(balance), history: history.map((entry) => ({ ...entry, record: entry.recordId ? { id: entry.recordId } : null })) };
    },
  },
};
