import { encodeAuditFilter } from '../../kit/audit-trail.js';
import type { Resolvers } from '../generated/graphql.js';

/** The audit trails' entry point: the filter becomes the key each subgraph's AuditTrail reads (kit/audit-trail.ts). */
export const auditTrailResolvers: Resolvers = {
  Query: {
    auditTrail: (_, args) => ({
      filter: encodeAuditFilter(args.filter),
    }),
  },
};
