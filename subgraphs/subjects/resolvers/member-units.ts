import type { Resolvers } from '../generated/graphql.js';

/** The member units' directory. */
export const memberUnitResolvers: Resolvers = {
  Query: {
    memberUnit: (_, args, ctx) => ctx.loaders.memberUnit.load(args.id),
    memberUnits: (_, __, ctx) => ctx.data.units.allMemberUnits(),
  },
  MemberUnit: {
    __resolveReference: (ref, ctx) => ctx.loaders.memberUnit.load(ref.id),
  },
};
