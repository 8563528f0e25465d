import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import { checksTextItself } from '../kit/text-guard.js';
import { chinaToday } from '../kit/time.js';
import type { RecordsData } from './data.js';
import type { RecordReportInput } from './intake.js';
import type { IntakeStore } from './intake-store.js';
import type { LicenceStore } from './licence-store.js';
import type { SubjectKeys } from './report-checks.js';
import type { Workflow } from './workflow.js';
import type { Rectification } from './rectification.js';
import { endEmergencyResponse, setToleranceDeferral } from './tolerance-policies.js';
import { describeDeferral, type ToleranceDeferral } from './deferral.js';
import { reportRecords } from './report.js';
import type { CreditRecordRow, TolerancePolicyRow } from './tables.js';
import { inForce, type ToleranceDecision } from './tolerance.js';

export type RecordsDeps = RecordsData & {
  intake: IntakeStore;
  licences: LicenceStore;
  workflow: Workflow;
  rectification: Rectification;
  keys: SubjectKeys;
};
type Ctx = SubgraphContext<RecordsDeps, { recordVersions: { load(id: string): Promise<unknown[]> } }>;

/** The decision carries the record's owners, so the evidence rule can tell who may read it. */
export type DecisionView = ToleranceDecision & { owner: { subjectId: string; reportingUnitId: string } };

const withInForce = (policy: TolerancePolicyRow, emergencyEnd: string | null) => ({
  ...policy,
  inForceToday: inForce(policy, chinaToday(), emergencyEnd),
});
const deferralView = (deferral: ToleranceDeferral) => ({
  until: null,
  days: null,
  months: null,
  after: null,
  ...deferral,
  description: describeDeferral(deferral),
});

const scope = (ctx: Ctx) => ({ principal: ctx.principal, audit: ctx.audit, intake: ctx.data.intake, keys: ctx.data.keys });

/** Intake, tolerance and correction history: thin calls into the intake module. */
export const intakeResolvers: GraphQLResolverMap<Ctx> = {
  Mutation: {
    // Text that cannot be stored rejects its item by name (prepareReport), not the whole call.
    reportRecords: checksTextItself((_: unknown, args: { input: RecordReportInput[] }, ctx: Ctx) => reportRecords(scope(ctx), args.input)),
    reportRecord: checksTextItself(
      async (_: unknown, args: { input: RecordReportInput }, ctx: Ctx) => (await reportRecords(scope(ctx), [args.input], true))[0],
    ),
    endEmergencyResponse: (_: unknown, args: { on: string }, ctx: Ctx) => endEmergencyResponse(scope(ctx), args.on),
    setToleranceDeferral: async (
      _: unknown,
      args: { policyId: string; deferral: { until?: string | null; days?: number | null; months?: number | null; after?: string | null } },
      ctx: Ctx,
    ) =>
      withInForce(
        await setToleranceDeferral(scope(ctx), args.policyId, args.deferral),
        (await ctx.data.intake.emergencyResponse()).endedOn,
      ),
  },
  Query: {
    tolerancePolicies: async (_: unknown, __: unknown, ctx: Ctx) => {
      const [policies, emergency] = await Promise.all([ctx.data.intake.policies(), ctx.data.intake.emergencyResponse()]);
      return policies.map((policy) => withInForce(policy, emergency.endedOn));
    },
    emergencyResponse: (_: unknown, __: unknown, ctx: Ctx) => ctx.data.intake.emergencyResponse(),
  },
  CreditRecord: {
    toleranceDecision: (row: CreditRecordRow): DecisionView | null =>
      row.toleranceDecision
        ? { ...(row.toleranceDecision as ToleranceDecision), owner: { subjectId: row.subjectId, reportingUnitId: row.reportingUnitId } }
        : null,
    history: (row: CreditRecordRow, _: unknown, ctx: Ctx) => ctx.loaders.recordVersions.load(row.id),
    // 行政处罚决定书文号 is the unit's own document number of the record.
    penalty: (row: CreditRecordRow) => (row.penalty ? { decisionNumber: row.unitReference, ...row.penalty } : null),
    forceMajeureCertificate: (row: CreditRecordRow) => {
      const number = (row.toleranceDecision as ToleranceDecision | null)?.forceMajeureCertificate;
      return number ? { number } : null;
    },
  },
  TolerancePolicy: {
    deferral: (policy: TolerancePolicyRow) => (policy.deferral ? deferralView(policy.deferral) : null),
    deferUntil: (policy: TolerancePolicyRow) => (policy.deferral && 'until' in policy.deferral ? policy.deferral.until : null),
  },
  ToleranceDecision: {
    claimedOn: (decision: DecisionView) => decision.claimedOn ?? null,
  },
  ReportResult: {
    recordId: (result: { recordId?: string | null; record?: CreditRecordRow | null }) => result.recordId ?? result.record?.id ?? null,
  },
  RecordVersion: {
    content: (version: { content: unknown }) => JSON.stringify(version.content),
  },
};
