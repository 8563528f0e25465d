import type { Resolvers } from '../generated/graphql.js';
import { verifyNumber } from '../verify.js';

/** 验真 by number and the published key: thin calls into the register (issue.ts) and the verifier (verify.ts). */
export const verificationResolvers: Resolvers = {
  Query: {
    verifyCreditReport: async (_, args, ctx) => {
      const number = args.number.trim().toUpperCase();
      return verifyNumber(number, await ctx.data.issuer.byNumber(number), ctx.data.key, ctx.data.base(), args.sha256);
    },
    reportSigningKey: (_, __, ctx) => ({
      algorithm: 'Ed25519',
      keyId: ctx.data.key.keyId,
      publicKeyPem: ctx.data.key.publicKeyPem,
      url: `${ctx.data.base()}/.well-known/credit-report-key.pem`,
    }),
  },
};
