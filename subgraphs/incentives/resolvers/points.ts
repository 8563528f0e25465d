import { isPersonSubjectId } from '../../kit/personal-data.js';
import { setPointsRule } from '../administration.js';
import type { Resolvers } from '../generated/graphql.js';
import { pointsAccount } from '../points.js';

/** 娄城信用积分: the points table, a person's account and its ledger entries. */
export const pointsResolvers: Resolvers = {
  Query: {
    pointsRules: (_, __, ctx) => ctx.data.points.pointsRules(),
  },
  Mutation: {
    setPointsRule: (_, args, ctx) => setPointsRule(ctx, ctx.data, args.basis, args.points),
  },
  Subject: {
    // Natural persons only; null for organisations.
    creditPoints: async (subject, _, ctx) =>
      isPersonSubjectId(subject.id) ? pointsAccount(await ctx.loaders.points.load(subject.id)) : null,
  },
  PointsEntry: {
    kind: (entry) => entry.entryKind,
    record: (entry) => (entry.recordId ? { id: entry.recordId } : null),
  },
};
