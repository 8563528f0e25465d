import type { RecordsContext } from '../context.js';
import type { Resolvers } from '../generated/graphql.js';
import {
  certificateCited,
  decisionShown,
  deferralShown,
  deferUntil,
  endEmergencyResponse,
  setToleranceDeferral,
  tolerancePolicies,
} from '../tolerance.js';

const scope = (ctx: RecordsContext) => ({ principal: ctx.principal, audit: ctx.audit, tolerance: ctx.data.tolerance });

/** Tolerance (包容审慎): the policies, the emergency response, a record's decision; thin calls into tolerance.ts. */
export const toleranceResolvers: Resolvers = {
  Mutation: {
    endEmergencyResponse: (_, args, ctx) => endEmergencyResponse(scope(ctx), args.on),
    setToleranceDeferral: (_, args, ctx) => setToleranceDeferral(scope(ctx), args.policyId, args.deferral),
  },
  Query: {
    tolerancePolicies: (_, __, ctx) => tolerancePolicies(ctx.data.tolerance),
    emergencyResponse: (_, __, ctx) => ctx.data.tolerance.emergencyResponse(),
  },
  CreditRecord: {
    toleranceDecision: (row) => decisionShown(row),
    forceMajeureCertificate: (row) => certificateCited(row),
  },
  TolerancePolicy: {
    deferral: (policy) => deferralShown(policy.deferral),
    deferUntil: (policy) => deferUntil(policy),
  },
  ToleranceDecision: {
    claimedOn: (decision) => decision.claimedOn ?? null,
  },
};
