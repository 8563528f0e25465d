import { mergeResolvers } from '../../kit/loaders.js';
import type { Resolvers } from '../generated/graphql.js';
import { applicationResolvers as applications } from './applications.js';
import { caseResolvers as cases } from './cases.js';
import { certificateResolvers as certificates } from './certificates.js';
import { objectionResolvers as objections } from './objections.js';
import { trainingResolvers as training } from './training.js';
import { workQueueResolvers as workQueue } from './work-queue.js';

/** Every resolver of the repairs subgraph, one map per area, merged type by type; no two areas resolve the same field. */
export const resolvers: Resolvers = mergeResolvers<Resolvers>(cases, applications, objections, training, certificates, workQueue);
