import type { Resolvers } from '../generated/graphql.js';

/** 不可抗力事实性证明书: issuing and looking up certificates; thin calls into certificates.ts. */
export const certificateResolvers: Resolvers = {
  Mutation: {
    issueForceMajeureCertificate: (_, args, ctx) => ctx.data.certificates.issue(ctx, args.input),
  },
  Query: {
    // Numbers are upper case (TCBKKL…): what a caller typed is trimmed and upper-cased; a reference is used as it is.
    forceMajeureCertificate: (_, args, ctx) => ctx.data.certificates.byNumber(args.number.trim().toUpperCase()),
  },
  ForceMajeureCertificate: {
    __resolveReference: (ref, ctx) => ctx.data.certificates.byNumber(ref.number),
    subject: (row) => ({ id: row.subjectId }),
  },
};
