import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { allowedTo, type FieldPolicy } from '../kit/field-policy.js';
import type { Principal, Role } from '../kit/principal.js';
import { can, isResponsibleFor, isSelf } from '../kit/access.js';
import type { RepairsContext } from './context.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import { objections, repairApplications } from './tables.js';

/** Columns both kinds of case (repair application, objection) share. */
interface CaseColumns {
  subjectId: PgColumn;
  reportingUnitId: PgColumn;
}

const NOTHING = (): SQL => sql`false`;

/**
 * Which cases each role sees as rows. Cases are a subject's own affairs: the public follows one only by
 * its number and query code; the reporting unit sees cases about its own records.
 */
const CASE_POLICY: Record<Role, (principal: Principal, table: CaseColumns) => SQL | undefined> = {
  PUBLIC: NOTHING,
  ANALYST: NOTHING,
  FINANCIAL_INSTITUTION: NOTHING,
  SUBJECT: (principal, table) => eq(table.subjectId, principal.subjectId ?? ''),
  MEMBER_UNIT: (principal, table) => eq(table.reportingUnitId, principal.unitId ?? ''),
  CREDIT_OFFICE: () => undefined,
};

export function casesVisibleTo(principal: Principal, table: CaseColumns): SQL | undefined {
  return CASE_POLICY[principal.role](principal, table);
}

/** The repair applications the caller sees as rows (the case-store reads take it as their `visible`). */
export const applicationRowsVisibleTo = (principal: Principal) => casesVisibleTo(principal, repairApplications);
/** The objections the caller sees as rows. */
export const objectionRowsVisibleTo = (principal: Principal) => casesVisibleTo(principal, objections);

/**
 * Fields: every field this subgraph serves. Cases are visible only as whole rows to those the row rule
 * admits (the subject, the reporting unit, the credit office); of a case's fields only the evidence a repair
 * decision rests on is narrower still: the decider's (the reporting unit, the credit office), not the applicant's.
 */
export const REPAIRS_FIELD_POLICY: FieldPolicy<RepairsContext> = {
  Query: {
    public: ['repairApplication', 'objection', 'applicationProgress', 'forceMajeureCertificate', 'trainingSessions'],
    restricted: {
      overdueRepairApplications: allowedTo('readOverdueRepairs', M.REPAIRS_OVERDUE_APPLICATIONS_OFFICE_ONLY()),
      // Which unit's cases: its own for a member unit, any for the credit office (work-queue.ts, objections.ts).
      overdueObjections: allowedTo('superviseRecords', M.REPAIRS_OVERDUE_OBJECTIONS_UNITS_ONLY()),
      workQueue: allowedTo('superviseRecords', M.REPAIRS_WORK_QUEUE_UNITS_ONLY()),
    },
  },
  Mutation: {
    public: [],
    restricted: {
      // Who may file or move which application is decided per record in the applications module.
      applyForRepair: allowedTo('fileRepair', M.REPAIRS_APPLY_ROLES()),
      scheduleTraining: allowedTo('runTraining', M.REPAIRS_TRAINING_OFFICE_ONLY()),
      recordTrainingAttendance: allowedTo('runTraining', M.REPAIRS_ATTENDANCE_OFFICE_ONLY()),
      enrolInTraining: allowedTo('enrolInTraining', M.REPAIRS_TRAINING_SELF_ENROLMENT()),
      issueForceMajeureCertificate: allowedTo('issueCertificates', M.REPAIRS_CERTIFICATE_ISSUERS_ONLY()),
      raiseObjection: allowedTo('raiseObjection', M.REPAIRS_OBJECTION_SUBJECT_ONLY()),
      extendObjection: allowedTo('verifyObjections', M.REPAIRS_VERIFY_ROLES()),
      resolveObjection: allowedTo('verifyObjections', M.REPAIRS_VERIFY_ROLES()),
      moveRepairApplication: allowedTo('fileRepair', M.REPAIRS_MOVE_ROLES()),
    },
  },
  RepairApplication: {
    public: [
      'id',
      'number',
      'record',
      'subject',
      'state',
      'greenChannel',
      'greenChannelBasis',
      'correctionProof',
      'submittedAt',
      'acceptBy',
      'decideBy',
      'decidedAt',
      'reason',
      'history',
    ],
    restricted: {
      evidence: {
        reason: M.REPAIRS_EVIDENCE_DECIDERS_ONLY(),
        access: (ctx, row: { reportingUnitId: string }) => (isResponsibleFor(ctx.principal, row.reportingUnitId) ? 'full' : 'deny'),
      },
    },
  },
  RepairEvidence: {
    public: [
      'correctionProof',
      'obligationsDescription',
      'commitmentSigned',
      'greenChannel',
      'greenChannelBasis',
      'greenChannelEvidence',
      'subjectTags',
      'trainingSession',
    ],
  },
  WorkItem: {
    public: [
      'kind',
      'number',
      'application',
      'objection',
      'record',
      'reportingUnitId',
      'submittedOn',
      'deadline',
      'workingDaysLeft',
      'overdue',
    ],
  },
  WorkItemEdge: { public: ['cursor', 'node'] },
  WorkQueueConnection: { public: ['totalCount', 'edges', 'pageInfo'] },
  PageInfo: { public: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] },
  OverdueObjection: { public: ['objection', 'waitingFor', 'dueOn', 'workingDaysLate'] },
  RepairReceipt: { public: ['application', 'queryCode'] },
  ObjectionReceipt: { public: ['objection', 'queryCode'] },
  ForceMajeureCertificate: {
    public: ['number', 'subject', 'contracts', 'periodFrom', 'periodTo', 'issuedOn', 'issuedBy'],
    restricted: {
      facts: {
        reason: M.REPAIRS_CERTIFICATE_FACTS_RESTRICTED(),
        access: (ctx, row: { subjectId: string }) =>
          can(ctx.principal, 'readCertificateFacts') || isSelf(ctx.principal, row.subjectId) ? 'full' : 'deny',
      },
    },
  },
  CaseProgress: { public: ['number', 'kind', 'state', 'submittedOn', 'deadline', 'decidedOn', 'outcomeReason'] },
  OverdueApplication: { public: ['application', 'dueOn', 'workingDaysLate'] },
  Objection: {
    public: [
      'id',
      'number',
      'record',
      'subject',
      'state',
      'grounds',
      'submittedAt',
      'verifyBy',
      'extended',
      'resolvedAt',
      'outcomeReason',
      'correctBy',
      'correctionReceivedAt',
      'history',
    ],
  },
  StateChange: { public: ['state', 'at', 'by', 'reason'] },
  Subject: {
    public: ['id', 'repairApplications', 'objections'],
    restricted: {
      trainingEnrolments: {
        reason: M.REPAIRS_ENROLMENTS_RESTRICTED(),
        access: (ctx, subject: { id: string }) =>
          can(ctx.principal, 'runTraining') || isSelf(ctx.principal, subject.id) ? 'full' : 'deny',
      },
    },
  },
  TrainingSession: { public: ['id', 'title', 'heldOn', 'place', 'capacity', 'seatsLeft'] },
  TrainingEnrolment: { public: ['session', 'enrolledAt', 'attended'] },
  CreditRecord: { public: ['id', 'repairApplications', 'objections'] },
};
