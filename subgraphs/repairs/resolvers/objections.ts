import type { Resolvers } from '../generated/graphql.js';

/** 异议: raising, extending and resolving objections, and the overdue list; thin calls into objections.ts. */
export const objectionResolvers: Resolvers = {
  Mutation: {
    raiseObjection: (_, args, ctx) => ctx.data.objections.raise(ctx, args.input),
    extendObjection: (_, args, ctx) => ctx.data.objections.extend(ctx, args.id, args.reason),
    resolveObjection: (_, args, ctx) => ctx.data.objections.resolve(ctx, args.id, args.outcome, args.reason),
  },
  Query: {
    overdueObjections: (_, args, ctx) => ctx.data.objections.overdue(ctx, args.unitId),
  },
};
