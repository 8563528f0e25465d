import { commitmentStatus } from '../commitment.js';
import type { Resolvers } from '../generated/graphql.js';

/** Commitments (信用承诺) and their breaches: thin calls into commitment.ts and the loaders. */
export const commitmentResolvers: Resolvers = {
  Mutation: {
    fulfilCommitment: (_, args, ctx) => ctx.data.commitments.fulfilCommitment(ctx, args.recordId),
  },
  CreditRecord: {
    commitment: (row, _, ctx) => {
      const status = commitmentStatus(row);
      return status !== null
        ? {
            status,
            breachedBy: row.breachRecordId ? ctx.loaders.record.load(row.breachRecordId) : null,
            breaches: ctx.loaders.breachesOf.load(row.id),
          }
        : null;
    },
    breachOf: (row, _, ctx) => (row.breachOfRecordId ? ctx.loaders.record.load(row.breachOfRecordId) : null),
  },
};
