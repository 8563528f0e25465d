import type { Resolvers } from '../generated/graphql.js';
import { recordPage } from '../record-reads.js';
import { rectificationShown } from '../rectification.js';

/** Rectification (整改): the overdue list, extensions and outcomes; thin calls into rectification.ts. */
export const rectificationResolvers: Resolvers = {
  Query: {
    overdueRectifications: (_, args, ctx) =>
      recordPage(args, (size, after) => ctx.data.rectification.overdueRectifications(ctx.principal, size, after)),
  },
  Mutation: {
    extendRectification: (_, args, ctx) => ctx.data.rectification.extendRectification(ctx, args.recordId, args.days, args.reason),
    recordRectification: (_, args, ctx) => ctx.data.rectification.recordRectification(ctx, args.recordId, args.outcome, args.on),
  },
  CreditRecord: {
    rectification: (row, _, ctx) => rectificationShown(row, ctx.data.rectification.limits),
  },
};
