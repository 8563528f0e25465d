import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import type { Applications, RepairApplicationInput } from './applications.js';
import type { Certificates, CertificateInput } from './certificates.js';
import type { Objections } from './objections.js';
import type { createProgress } from './progress.js';
import type { RepairsData } from './data.js';
import type { RepairState } from './rules.js';
import type { RepairApplicationRow } from './tables.js';

export type RepairsDeps = RepairsData & { applications: Applications; objections: Objections; certificates: Certificates; progress: ReturnType<typeof createProgress> };
type Ctx = SubgraphContext<RepairsDeps, unknown>;

type Submission = { correctionProof?: string; green?: { basis: string } | null } | null;

/** The repair workflow: thin calls into the applications module. */
export const applicationResolvers: GraphQLResolverMap<Ctx> = {
  Mutation: {
    applyForRepair: (_: unknown, args: { input: RepairApplicationInput }, ctx: Ctx) => ctx.data.applications.submit(ctx, args.input),
    moveRepairApplication: (_: unknown, args: { id: string; to: RepairState; reason?: string | null }, ctx: Ctx) => ctx.data.applications.move(ctx, args.id, args.to, args.reason),
    issueForceMajeureCertificate: (_: unknown, args: { input: CertificateInput }, ctx: Ctx) => ctx.data.certificates.issue(ctx, args.input),
    raiseObjection: (_: unknown, args: { input: { recordId: string; grounds: string } }, ctx: Ctx) => ctx.data.objections.raise(ctx, args.input),
    extendObjection: (_: unknown, args: { id: string; reason: string }, ctx: Ctx) => ctx.data.objections.extend(ctx, args.id, args.reason),
    resolveObjection: (_: unknown, args: { id: string; outcome: 'CORRECTED' | 'WITHDRAWN' | 'UPHELD'; reason: string }, ctx: Ctx) =>
      ctx.data.objections.resolve(ctx, args.id, args.outcome, args.reason),
  },
  Query: {
    overdueRepairApplications: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.applications.overdue(),
    forceMajeureCertificate: async (_: unknown, args: { number: string }, ctx: Ctx) => (await ctx.data.certificates.byNumbers([args.number.trim().toUpperCase()]))[0] ?? null,
    applicationProgress: (_: unknown, args: { number: string; code: string }, ctx: Ctx) => ctx.data.progress(ctx, args.number, args.code),
  },
  ForceMajeureCertificate: {
    __resolveReference: async (ref: { number: string }, ctx: Ctx) => (await ctx.data.certificates.byNumbers([ref.number]))[0] ?? null,
    subject: (row: { subjectId: string }) => ({ id: row.subjectId }),
  },
  RepairApplication: {
    greenChannelBasis: (row: RepairApplicationRow) => (row.submission as Submission)?.green?.basis ?? null,
    correctionProof: (row: RepairApplicationRow) => (row.submission as Submission)?.correctionProof ?? null,
  },
};
