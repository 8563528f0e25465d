import type { Resolvers } from '../generated/graphql.js';

/** 待办: the cases waiting on a reporting unit; thin calls into work-queue.ts. */
export const workQueueResolvers: Resolvers = {
  Query: {
    workQueue: (_, args, ctx) => ctx.data.workQueue.page(ctx, args),
  },
  WorkItem: {
    record: (item) => ({ id: item.recordId }),
  },
};
