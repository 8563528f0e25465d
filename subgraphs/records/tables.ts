import { bigserial, boolean, date, index, integer, jsonb, pgSchema, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

import { auditCheckpointTable, auditTable } from '../kit/audit-table.js';
import { subjectDirectoryTable } from '../kit/subject-directory.js';
import { consumerCursorsTable, outboxTable } from '../kit/outbox-table.js';
import type { LicenceType, RecordKind, Severity } from '../kit/vocabulary.js';
import type { CommitmentStatus } from './commitment.js';
import type { ToleranceDeferral } from './deferral.js';
import type { RecordStatus } from './disclosure.js';
import type { PenaltyDetails } from './penalty.js';
import type { RectificationExtension, RectificationOutcomeChange, RectificationResult } from './rectification.js';
import type { PolicyOutcome, ToleranceCause, ToleranceDecision } from './tolerance.js';
export const recordsSchema = pgSchema('records');

export const creditRecords = recordsSchema.table(
  'credit_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    /** Natural persons' records are never public: kept here so the rule is a SQL filter, not a look-up. */
    subjectIsPerson: boolean('subject_is_person').notNull(),
    kind: text('kind').$type<RecordKind>().notNull(),
    category: text('category').notNull(),
    severity: text('severity').$type<Severity>(),
    status: text('status').$type<RecordStatus>().notNull().default('ACTIVE'),
    reportingUnitId: text('reporting_unit_id').notNull(),
    unitReference: text('unit_reference').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    facts: text('facts').notNull(),
    legalBasis: text('legal_basis'),
    /** Disclosure computed once from the rule version in force on the decision date. */
    disclosureRule: text('disclosure_rule').notNull(),
    minimumUntil: date('minimum_until', { mode: 'string' }),
    publicFrom: date('public_from', { mode: 'string' }),
    publicUntil: date('public_until', { mode: 'string' }),
    rectificationDeadline: date('rectification_deadline', { mode: 'string' }),
    /** Each extension of the rectification deadline: days, reason, who, when. */
    rectificationExtensions: jsonb('rectification_extensions').$type<RectificationExtension[]>().notNull().default([]),
    /** RECTIFIED or NOT_RECTIFIED once the reporting unit has checked; null while pending. */
    rectificationOutcome: text('rectification_outcome').$type<RectificationResult>(),
    rectifiedOn: date('rectified_on', { mode: 'string' }),
    /** Every outcome recorded, with the one it replaced, who and when (整改结果留痕). */
    rectificationOutcomes: jsonb('rectification_outcomes').$type<RectificationOutcomeChange[]>().notNull().default([]),
    /** Commitments (信用承诺): IN_FORCE, FULFILLED or BREACHED. */
    commitmentStatus: text('commitment_status').$type<CommitmentStatus>(),
    /** On a breached commitment: the dishonesty record the breach produced. */
    breachRecordId: uuid('breach_record_id'),
    /** On a dishonesty record: the commitment it breached. */
    breachOfRecordId: uuid('breach_of_record_id'),
    /** DEFERRED records are disclosed by themselves from this date (暂缓报送, notice §8). */
    deferredUntil: date('deferred_until', { mode: 'string' }),
    /** The tolerance engine's decision: policy, cause, evidence, outcome and its explanation. */
    toleranceDecision: jsonb('tolerance_decision').$type<ToleranceDecision>(),
    /** 行政处罚 only: the 双公示 fields (types, content, amounts in 万元 as text); null for records reported before they were kept. */
    penalty: jsonb('penalty').$type<PenaltyDetails>(),
    /** Raised by each correction (a changed re-send of the same document number). */
    version: integer('version').notNull().default(1),
    /** Hash of what the unit sent, so an identical re-send is recognised as a duplicate. */
    contentHash: text('content_hash').notNull().default(''),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    // Idempotent intake: one record per (unit, the unit's own document number).
    unique('credit_records_unit_reference_key').on(table.reportingUnitId, table.unitReference),
    index('credit_records_subject_idx').on(table.subjectId, table.decisionDate),
    index('credit_records_public_idx').on(table.publicFrom, table.publicUntil),
  ],
);

/** Earlier versions of corrected records: corrections keep history. */
export const recordVersions = recordsSchema.table(
  'record_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordId: uuid('record_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    replacedBy: text('replaced_by').notNull(),
  },
  (table) => [index('record_versions_record_idx').on(table.recordId, table.version)],
);

/**
 * What records' log last said of a record whose shown status is not its stored one — EXPIRED (公示期满), or
 * ACTIVE once its deferral has ended (expiry.ts statusOn) — and for which write of the row: the sweep
 * (sweep-store.ts) announces the shown status once, and again only after the row is written anew (a write
 * raises updated_at, and its own event carried the stored status). Bookkeeping of the log, kept apart from
 * credit_records so record versions and reads never carry it.
 */
export const recordAnnouncements = recordsSchema.table('record_announcements', {
  recordId: uuid('record_id')
    .primaryKey()
    .references(() => creditRecords.id, { onDelete: 'cascade' }),
  /** The status the last announcement published (EXPIRED, ACTIVE). */
  status: text('status').$type<RecordStatus>().notNull(),
  /** The record's updated_at when it was announced, copied in SQL (to the microsecond). */
  recordUpdatedAt: timestamp('record_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  announcedAt: timestamp('announced_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Tolerance policies (包容审慎, notice §8 and §9): data with an effective window, decided at intake. */
export const tolerancePolicies = recordsSchema.table('tolerance_policies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  article: integer('article').notNull(),
  categories: text('categories').array().notNull(),
  /** TOOK_PART_IN_EPIDEMIC_PREVENTION or FORCE_MAJEURE. */
  cause: text('cause').$type<ToleranceCause>().notNull(),
  conditions: text('conditions').notNull(),
  /** Evidence the claim must carry: NONE, EVIDENCE or FORCE_MAJEURE_CERTIFICATE. */
  requires: text('requires').notNull().default('EVIDENCE'),
  /** EXEMPT, DEFER_REPORTING or EXTEND_RECTIFICATION. */
  outcome: text('outcome').$type<PolicyOutcome>().notNull(),
  /** DEFER_REPORTING only: until a date, or a period after the act, the claim or the end of the emergency (deferral.ts). */
  deferral: jsonb('deferral').$type<ToleranceDeferral>(),
  extendDays: integer('extend_days'),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  effectiveTo: date('effective_to', { mode: 'string' }),
});

/** Platform settings the credit office sets, e.g. the end of the emergency response. */
export const settings = recordsSchema.table('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  setBy: text('set_by').notNull(),
  setAt: timestamp('set_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Administrative licences (行政许可, 双公示) reported by the licensing unit: idempotent on its decision
 * document number; a changed re-send corrects the row and raises its version.
 */
export const administrativeLicences = recordsSchema.table(
  'administrative_licences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    /** Natural persons' licences are not public: kept here so the rule is a SQL filter. */
    subjectIsPerson: boolean('subject_is_person').notNull(),
    reportingUnitId: text('reporting_unit_id').notNull(),
    decisionNumber: text('decision_number').notNull(),
    certificateName: text('certificate_name'),
    certificateNumber: text('certificate_number'),
    /** GENERAL, FRANCHISE, RECOGNITION, APPROVAL, REGISTRATION or OTHER. */
    type: text('type').$type<LicenceType>().notNull(),
    content: text('content').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Null: long-term (长期). */
    validUntil: date('valid_until', { mode: 'string' }),
    /** 撤销: reported by the licensing unit; EXPIRED is derived from validUntil when read. */
    revoked: boolean('revoked').notNull().default(false),
    version: integer('version').notNull().default(1),
    contentHash: text('content_hash').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    unique('administrative_licences_unit_decision_key').on(table.reportingUnitId, table.decisionNumber),
    index('administrative_licences_subject_idx').on(table.subjectId, table.decisionDate),
  ],
);

export type CreditRecordRow = typeof creditRecords.$inferSelect;
export type LicenceRow = typeof administrativeLicences.$inferSelect;
export type NewLicenceRow = typeof administrativeLicences.$inferInsert;
export type TolerancePolicyRow = typeof tolerancePolicies.$inferSelect;
export type NewCreditRecordRow = typeof creditRecords.$inferInsert;
export type RecordVersionRow = typeof recordVersions.$inferSelect;

export const recordsAudit = auditTable(recordsSchema);
export const recordsAuditCheckpoints = auditCheckpointTable(recordsSchema);
export const recordsOutbox = outboxTable(recordsSchema);
export const recordsCursors = consumerCursorsTable(recordsSchema);

/** Force-majeure certificates issued by the repairs subgraph (from its events), which tolerance claims cite. */
export const certificateDirectory = recordsSchema.table('certificate_directory', {
  number: text('number').primaryKey(),
  subjectId: text('subject_id').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
});

/** Projection of the subjects subgraph's events: the town of each subject, for statistics by town. */
export const subjectDirectory = subjectDirectoryTable(recordsSchema, 'subject_directory');
