import { bigserial, boolean, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

import { auditCheckpointTable, auditTable } from '../kit/audit-table.js';
import { subjectDirectoryTable } from '../kit/subject-directory.js';
import { consumerCursorsTable, outboxTable } from '../kit/outbox-table.js';
export const repairsSchema = pgSchema('repairs');

/** Columns every case (repair application, objection) has: its number, its query code, whose record. */
const caseColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull().unique(),
  /** Only a hash: the query code is a password for progress look-ups without login. */
  queryCodeHash: text('query_code_hash').notNull(),
  recordId: uuid('record_id').notNull(),
  subjectId: text('subject_id').notNull(),
  /** The unit that reported the record: it verifies objections and sees the cases about its records. */
  reportingUnitId: text('reporting_unit_id').notNull(),
  state: text('state').notNull().default('SUBMITTED'),
  submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** The stored shape of an application's submission (jsonb): older rows may lack later keys. */
export interface RepairSubmission {
  correctionProof?: string;
  obligationsDescription?: string | null;
  commitmentSigned?: boolean;
  trainingSessionId?: string | null;
  green?: { reason: string; basis: string; evidence: string | null } | null;
  by?: string;
}

export const repairApplications = repairsSchema.table(
  'repair_applications',
  {
    ...caseColumns(),
    greenChannel: text('green_channel'),
    /** What the applicant submitted: proof of correction, obligations met, commitment, green-channel evidence. */
    submission: jsonb('submission').$type<RepairSubmission>(),
    acceptBy: date('accept_by', { mode: 'string' }).notNull(),
    decideBy: date('decide_by', { mode: 'string' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    reason: text('reason'),
  },
  (table) => [
    index('repair_applications_subject_idx').on(table.subjectId),
    index('repair_applications_record_idx').on(table.recordId),
    index('repair_applications_unit_state_idx').on(table.reportingUnitId, table.state),
  ],
);

export const objections = repairsSchema.table(
  'objections',
  {
    ...caseColumns(),
    grounds: text('grounds').notNull(),
    verifyBy: date('verify_by', { mode: 'string' }).notNull(),
    extended: boolean('extended').notNull().default(false),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    outcomeReason: text('outcome_reason'),
    /** The version of the record the objection contests (repairs' projection when it was raised). */
    recordVersion: integer('record_version'),
    /** CORRECTED: the reporting unit re-sends the corrected record by this date (working days); meanwhile it is withheld. */
    correctBy: date('correct_by', { mode: 'string' }),
    /** When a later version of the record than the one contested arrived (the correction took effect). */
    correctionReceivedAt: timestamp('correction_received_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('objections_subject_idx').on(table.subjectId),
    index('objections_record_idx').on(table.recordId),
    index('objections_unit_state_idx').on(table.reportingUnitId, table.state),
  ],
);

/** The history of both kinds of case: who moved it to which state, when, why. */
export const stateChanges = repairsSchema.table(
  'state_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id').notNull(),
    state: text('state').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    by: text('by').notNull(),
    reason: text('reason'),
  },
  (table) => [index('state_changes_case_idx').on(table.caseId, table.id)],
);

export type RepairApplicationRow = typeof repairApplications.$inferSelect;
export type ObjectionRow = typeof objections.$inferSelect;
export type StateChangeRow = typeof stateChanges.$inferSelect;

export const repairsAudit = auditTable(repairsSchema);
export const repairsAuditCheckpoints = auditCheckpointTable(repairsSchema);
export const repairsCursors = consumerCursorsTable(repairsSchema);
export const repairsOutbox = outboxTable(repairsSchema);

/** The records repairs decides on, as the records subgraph's events describe them (never read across schemas). */
export const recordProjection = repairsSchema.table(
  'record_projection',
  {
    recordId: uuid('record_id').primaryKey(),
    subjectId: text('subject_id').notNull(),
    subjectIsPerson: boolean('subject_is_person').notNull(),
    category: text('category').notNull(),
    kind: text('kind').notNull(),
    severity: text('severity'),
    status: text('status').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    minimumUntil: date('minimum_until', { mode: 'string' }),
    reportingUnitId: text('reporting_unit_id').notNull(),
    version: integer('version').notNull(),
    /** The catalogue's answer (records' events carry it): false refuses every repair application for the record. */
    repairable: boolean('repairable').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('record_projection_subject_idx').on(table.subjectId)],
);

export type RecordProjectionRow = typeof recordProjection.$inferSelect;

/** Kind and tags of each subject, from the subjects subgraph's events: the green channel is checked against them. */
export const subjectProjection = subjectDirectoryTable(repairsSchema, 'subject_projection');

/** 不可抗力事实性证明 (notice §8): issued to a subject for named contracts and a period; tolerance claims cite the number. */
export const forceMajeureCertificates = repairsSchema.table(
  'force_majeure_certificates',
  {
    number: text('number').primaryKey(),
    subjectId: text('subject_id').notNull(),
    contracts: text('contracts').array().notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    facts: text('facts').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    issuedBy: text('issued_by').notNull(),
  },
  (table) => [index('force_majeure_certificates_subject_idx').on(table.subjectId)],
);

export type CertificateRow = typeof forceMajeureCertificates.$inferSelect;

/** 信用修复培训 (notice §11): sessions the credit office holds; attendance is evidence a repair can cite. */
export const trainingSessions = repairsSchema.table('training_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  place: text('place').notNull(),
  capacity: integer('capacity').notNull(),
  createdBy: text('created_by').notNull(),
});

export const trainingEnrolments = repairsSchema.table(
  'training_enrolments',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    subjectId: text('subject_id').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    attended: boolean('attended'),
    recordedBy: text('recorded_by'),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.subjectId] }), index('training_enrolments_subject_idx').on(table.subjectId)],
);

export type TrainingSessionRow = typeof trainingSessions.$inferSelect;
export type TrainingEnrolmentRow = typeof trainingEnrolments.$inferSelect;
