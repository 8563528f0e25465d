import type { Resolvers } from '../generated/graphql.js';
import { reportView } from '../issue.js';
import { specialRequest } from '../special.js';

/** Asking for a subject's report: thin calls into the issuer (issue.ts). */
export const reportResolvers: Resolvers = {
  Subject: {
    __resolveReference: (ref) => ({ id: ref.id }),
    creditReport: async (subject, args, ctx) =>
      reportView(await ctx.data.issuer.issue(ctx, subject.id, args.full ?? false), ctx.data.base()),
    specialCreditReport: async (subject, args, ctx) =>
      reportView(await ctx.data.issuer.issue(ctx, subject.id, true, specialRequest(args.fields, args.from, args.to)), ctx.data.base()),
  },
};
