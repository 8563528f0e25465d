import { addListEntry, endListMembership } from '../administration.js';
import type { Resolvers } from '../generated/graphql.js';
import { causesShown, isActive, listMembers, membershipsShown } from '../membership-reads.js';

/** Lists: members, a subject's memberships and supervision level, the credit office's hand; thin calls into their modules. */
export const listResolvers: Resolvers = {
  Query: {
    listMembers: (_, args, ctx) => listMembers(ctx, ctx.data.memberships, args.list, args.first, args.after),
  },
  Mutation: {
    addListEntry: (_, args, ctx) => addListEntry(ctx, ctx.data, args.input),
    endListMembership: (_, args, ctx) => endListMembership(ctx, ctx.data, args.id, args.reason),
  },
  ListMembership: {
    subject: (row) => ({ id: row.subjectId }),
    active: (row) => isActive(row),
    causedBy: async (row, _, ctx) => causesShown(row, await ctx.loaders.causes.load(row.id)).map((cause) => ({ id: cause.recordId })),
  },
  Subject: {
    __resolveReference: (ref) => ({ id: ref.id }),
    listMemberships: async (subject, args, ctx) =>
      membershipsShown(await ctx.loaders.membershipsOfSubject.load(subject.id), args.activeOnly),
    supervision: (subject, _, ctx) => ctx.loaders.supervision.load(subject.id),
  },
};
