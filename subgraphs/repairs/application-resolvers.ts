import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { asUuid } from '../kit/ids.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import type { Applications, RepairApplicationInput } from './applications.js';
import type { Certificates, CertificateInput } from './certificates.js';
import type { Objections } from './objections.js';
import type { Training } from './training.js';
import type { createProgress } from './progress.js';
import type { RepairsData } from './data.js';
import type { RepairState } from './rules.js';
import type { RepairApplicationRow } from './tables.js';
import type { WorkItem, WorkQueue } from './work-queue.js';
import type { WorkQueueStore } from './work-queue-store.js';
import type { CalendarStatus } from './calendar.js';

export type RepairsDeps = RepairsData & {
  applications: Applications;
  objections: Objections;
  certificates: Certificates;
  training: Training;
  progress: ReturnType<typeof createProgress>;
  workQueue: WorkQueue;
  workQueueStore: WorkQueueStore;
  /** The working-day calendar's reach, for /health, /ready and the start-up log. */
  calendarStatus(): CalendarStatus;
};
interface TrainingLoaders {
  trainingOfSubject: { load(id: string): Promise<unknown[]> };
  trainingSession: { load(id: string): Promise<unknown> };
  seatsTaken: { load(id: string): Promise<{ taken: number } | null> };
  subjectTags: { load(id: string): Promise<{ tags: string[] } | null> };
}
type Ctx = SubgraphContext<RepairsDeps, TrainingLoaders>;

type Submission = {
  correctionProof?: string;
  obligationsDescription?: string | null;
  commitmentSigned?: boolean;
  trainingSessionId?: string | null;
  green?: { reason: string; basis: string; evidence: string | null } | null;
} | null;

/** The repair workflow: thin calls into the applications module. */
export const applicationResolvers: GraphQLResolverMap<Ctx> = {
  Mutation: {
    applyForRepair: (_: unknown, args: { input: RepairApplicationInput }, ctx: Ctx) => ctx.data.applications.submit(ctx, args.input),
    moveRepairApplication: (_: unknown, args: { id: string; to: RepairState; reason?: string | null }, ctx: Ctx) =>
      ctx.data.applications.move(ctx, args.id, args.to, args.reason),
    issueForceMajeureCertificate: (_: unknown, args: { input: CertificateInput }, ctx: Ctx) => ctx.data.certificates.issue(ctx, args.input),
    scheduleTraining: (_: unknown, args: { input: { title: string; heldOn: string; place: string; capacity: number } }, ctx: Ctx) =>
      ctx.data.training.schedule(ctx, args.input),
    enrolInTraining: (_: unknown, args: { sessionId: string }, ctx: Ctx) => ctx.data.training.enrol(ctx, args.sessionId),
    recordTrainingAttendance: (_: unknown, args: { sessionId: string; subjectId: string; attended: boolean }, ctx: Ctx) =>
      ctx.data.training.recordAttendance(ctx, args.sessionId, args.subjectId, args.attended),
    raiseObjection: (_: unknown, args: { input: { recordId: string; grounds: string } }, ctx: Ctx) =>
      ctx.data.objections.raise(ctx, args.input),
    extendObjection: (_: unknown, args: { id: string; reason: string }, ctx: Ctx) => ctx.data.objections.extend(ctx, args.id, args.reason),
    resolveObjection: (_: unknown, args: { id: string; outcome: 'CORRECTED' | 'WITHDRAWN' | 'UPHELD'; reason: string }, ctx: Ctx) =>
      ctx.data.objections.resolve(ctx, args.id, args.outcome, args.reason),
  },
  Query: {
    overdueRepairApplications: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.applications.overdue(),
    overdueObjections: (_: unknown, args: { unitId?: string | null }, ctx: Ctx) => ctx.data.objections.overdue(ctx, args.unitId),
    workQueue: (_: unknown, args: { first?: number | null; after?: string | null; unitId?: string | null }, ctx: Ctx) =>
      ctx.data.workQueue.page(ctx, args),
    forceMajeureCertificate: async (_: unknown, args: { number: string }, ctx: Ctx) =>
      (await ctx.data.certificates.byNumbers([args.number.trim().toUpperCase()]))[0] ?? null,
    trainingSessions: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.training.upcoming(),
    applicationProgress: (_: unknown, args: { number: string; code: string }, ctx: Ctx) => ctx.data.progress(ctx, args.number, args.code),
  },
  ForceMajeureCertificate: {
    __resolveReference: async (ref: { number: string }, ctx: Ctx) => (await ctx.data.certificates.byNumbers([ref.number]))[0] ?? null,
    subject: (row: { subjectId: string }) => ({ id: row.subjectId }),
  },
  Subject: {
    trainingEnrolments: (subject: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.trainingOfSubject.load(subject.id),
  },
  TrainingEnrolment: {
    session: (row: { sessionId: string; session?: unknown }, _: unknown, ctx: Ctx) =>
      row.session ?? ctx.loaders.trainingSession.load(row.sessionId),
  },
  TrainingSession: {
    seatsLeft: async (session: { id: string; capacity: number }, _: unknown, ctx: Ctx) =>
      session.capacity - Number((await ctx.loaders.seatsTaken.load(session.id))?.taken ?? 0),
  },
  RepairApplication: {
    greenChannelBasis: (row: RepairApplicationRow) => (row.submission as Submission)?.green?.basis ?? null,
    correctionProof: (row: RepairApplicationRow) => (row.submission as Submission)?.correctionProof ?? null,
    // Who may read it is the field policy's (the decider); this only gathers the materials.
    evidence: (row: RepairApplicationRow) => {
      const submission = row.submission as Submission;
      return {
        subjectId: row.subjectId,
        correctionProof: submission?.correctionProof ?? null,
        obligationsDescription: submission?.obligationsDescription ?? null,
        commitmentSigned: submission?.commitmentSigned ?? null,
        greenChannel: row.greenChannel,
        greenChannelBasis: submission?.green?.basis ?? null,
        greenChannelEvidence: submission?.green?.evidence ?? null,
        trainingSessionId: submission?.trainingSessionId ?? null,
      };
    },
  },
  RepairEvidence: {
    subjectTags: async (evidence: { subjectId: string }, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.subjectTags.load(evidence.subjectId))?.tags ?? [],
    trainingSession: (evidence: { trainingSessionId: string | null }, _: unknown, ctx: Ctx) => {
      const id = asUuid(evidence.trainingSessionId ?? '');
      return id ? ctx.loaders.trainingSession.load(id) : null;
    },
  },
  WorkItem: {
    record: (item: WorkItem) => ({ id: item.recordId }),
  },
};
