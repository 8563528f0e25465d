import { consentToExemplarPublicity, exemplaryDeed, exemplars, exemplarSubject, withdrawExemplarConsent } from '../exemplars.js';
import type { Resolvers } from '../generated/graphql.js';

/** 诚信典型 for the portal and persons' consent to be shown; thin calls into exemplars.ts. */
export const exemplarResolvers: Resolvers = {
  Query: {
    exemplars: (_, args, ctx) => exemplars(ctx.data, args.first, args.after),
  },
  Mutation: {
    consentToExemplarPublicity: (_, args, ctx) => consentToExemplarPublicity(ctx, ctx.data, args.displayName),
    withdrawExemplarConsent: (_, __, ctx) => withdrawExemplarConsent(ctx, ctx.data),
  },
  Exemplar: {
    subject: (row) => exemplarSubject(row),
    deeds: async (row, _, ctx) => (await ctx.loaders.deeds.load(row.subjectId)).map((deed) => exemplaryDeed(row, deed)),
  },
};
