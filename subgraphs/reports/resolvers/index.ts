import { mergeResolvers } from '../../kit/loaders.js';
import type { Resolvers } from '../generated/graphql.js';
import { reportResolvers } from './reports.js';
import { verificationResolvers } from './verification.js';

/** Every resolver of the reports subgraph, one map per area, merged type by type. */
export const resolvers: Resolvers = mergeResolvers<Resolvers>(reportResolvers, verificationResolvers);
