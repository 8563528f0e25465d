import { mergeResolvers } from '../../kit/loaders.js';
import type { Resolvers } from '../generated/graphql.js';
import { auditTrailResolvers } from './audit-trail.js';
import { memberUnitResolvers } from './member-units.js';
import { registrationResolvers } from './registration.js';
import { subjectResolvers } from './subjects.js';

/** Every resolver of the subjects subgraph, one map per area; no two areas resolve the same field. */
export const resolvers: Resolvers = mergeResolvers<Resolvers>(
  subjectResolvers,
  memberUnitResolvers,
  registrationResolvers,
  auditTrailResolvers,
);
