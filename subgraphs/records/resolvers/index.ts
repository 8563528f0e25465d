import { mergeResolvers } from '../../kit/loaders.js';
import type { Resolvers } from '../generated/graphql.js';
import { commitmentResolvers } from './commitment.js';
import { intakeResolvers } from './intake.js';
import { licenceResolvers } from './licences.js';
import { recordsResolvers } from './records.js';
import { rectificationResolvers } from './rectification.js';
import { toleranceResolvers } from './tolerance.js';

/** Every resolver of the records subgraph, one map per area; no two areas resolve the same field. */
export const resolvers: Resolvers = mergeResolvers<Resolvers>(
  recordsResolvers,
  intakeResolvers,
  toleranceResolvers,
  rectificationResolvers,
  commitmentResolvers,
  licenceResolvers,
);
