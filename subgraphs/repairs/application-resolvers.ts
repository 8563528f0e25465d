import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import type { Applications, RepairApplicationInput } from './applications.js';
import type { RepairsData } from './data.js';
import type { RepairState } from './rules.js';
import type { RepairApplicationRow } from './tables.js';

export type RepairsDeps = RepairsData & { applications: Applications };
type Ctx = SubgraphContext<RepairsDeps, unknown>;

type Submission = { correctionProof?: string; green?: { basis: string } | null } | null;

/** The repair workflow: thin calls into the applications module. */
export const applicationResolvers: GraphQLResolverMap<Ctx> = {
  Mutation: {
    applyForRepair: (_: unknown, args: { input: RepairApplicationInput }, ctx: Ctx) => ctx.data.applications.submit(ctx, args.input),
    moveRepairApplication: (_: unknown, args: { id: string; to: RepairState; reason?: string | null }, ctx: Ctx) => ctx.data.applications.move(ctx, args.id, args.to, args.reason),
  },
  Query: {
    overdueRepairApplications: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.applications.overdue(),
  },
  RepairApplication: {
    greenChannelBasis: (row: RepairApplicationRow) => (row.submission as Submission)?.green?.basis ?? null,
    correctionProof: (row: RepairApplicationRow) => (row.submission as Submission)?.correctionProof ?? null,
  },
};
