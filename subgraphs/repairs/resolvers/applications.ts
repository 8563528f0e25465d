import { asUuid } from '../../kit/ids.js';
import { evidenceOf, submissionOf } from '../applications.js';
import type { Resolvers } from '../generated/graphql.js';

/** The repair workflow: filing, moving, the overdue list, and the materials a decision rests on; thin calls into applications.ts. */
export const applicationResolvers: Resolvers = {
  Mutation: {
    applyForRepair: (_, args, ctx) => ctx.data.applications.submit(ctx, args.input),
    moveRepairApplication: (_, args, ctx) => ctx.data.applications.move(ctx, args.id, args.to, args.reason),
  },
  Query: {
    overdueRepairApplications: (_, __, ctx) => ctx.data.applications.overdue(),
  },
  RepairApplication: {
    greenChannelBasis: (row) => submissionOf(row)?.green?.basis ?? null,
    correctionProof: (row) => submissionOf(row)?.correctionProof ?? null,
    // Who may read it is the field policy's (the decider); this only gathers the materials.
    evidence: (row) => evidenceOf(row),
  },
  RepairEvidence: {
    subjectTags: async (evidence, _, ctx) => (await ctx.loaders.subjectTags.load(evidence.subjectId))?.tags ?? [],
    trainingSession: (evidence, _, ctx) => {
      const id = asUuid(evidence.trainingSessionId ?? '');
      return id ? ctx.loaders.trainingSession.load(id) : null;
    },
  },
};
