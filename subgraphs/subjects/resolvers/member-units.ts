import { entityCacheHint } from '../../kit/cache-policy.js';
import type { Resolvers } from '../generated/graphql.js';

/** The directory changes by the credit office's hand, rarely: as long as memberUnits (schema/subjects.graphql). */
const MEMBER_UNIT_MAX_AGE = 3600;

/** The member units' directory. */
export const memberUnitResolvers: Resolvers = {
  Query: {
    memberUnit: (_, args, ctx) => ctx.loaders.memberUnit.load(args.id),
    memberUnits: (_, __, ctx) => ctx.data.units.allMemberUnits(),
  },
  MemberUnit: {
    __resolveReference: (ref, ctx, info) => {
      entityCacheHint(info, MEMBER_UNIT_MAX_AGE);
      return ctx.loaders.memberUnit.load(ref.id);
    },
  },
};
