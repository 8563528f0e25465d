import { mergeResolvers } from '../../kit/loaders.js';
import type { Resolvers } from '../generated/graphql.js';
import { exemplarResolvers as exemplars } from './exemplars.js';
import { listResolvers as lists } from './lists.js';
import { loanResolvers as loans } from './loans.js';
import { measureResolvers as measures } from './measures.js';
import { pointsResolvers as points } from './points.js';

/** Every resolver of the incentives subgraph, one map per area, merged type by type; no two areas resolve the same field. */
export const resolvers: Resolvers = mergeResolvers<Resolvers>(lists, points, measures, loans, exemplars);
