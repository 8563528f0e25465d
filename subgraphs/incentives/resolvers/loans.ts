import type { Resolvers } from '../generated/graphql.js';
import { grantLoanAuthorisation, isAuthorisationActive, loanAuthorisations, loanProfile, revokeLoanAuthorisation } from '../loans.js';

/** 信易贷: authorisations and the loan profile; thin calls into loans.ts. */
export const loanResolvers: Resolvers = {
  Query: {
    loanProfile: (_, args, ctx) => loanProfile(ctx, ctx.data, args.subject),
    loanAuthorisations: (_, args, ctx) => loanAuthorisations(ctx, ctx.data, args.activeOnly ?? true),
  },
  Mutation: {
    grantLoanAuthorisation: (_, args, ctx) => grantLoanAuthorisation(ctx, ctx.data, args.institution, args.validUntil),
    revokeLoanAuthorisation: (_, args, ctx) => revokeLoanAuthorisation(ctx, ctx.data, args.id),
  },
  Subject: {
    loanAuthorisations: (subject, _, ctx) => ctx.loaders.loanAuthorisations.load(subject.id),
  },
  LoanAuthorisation: {
    subject: (row) => ({ id: row.subjectId }),
    institution: (row) => ({ id: row.institutionId }),
    active: (row) => isAuthorisationActive(row),
  },
};
