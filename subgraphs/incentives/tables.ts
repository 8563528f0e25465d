import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import { auditCheckpointTable, auditTable } from '../kit/audit-table.js';
import { subjectDirectoryTable } from '../kit/subject-directory.js';
import { consumerCursorsTable } from '../kit/outbox-table.js';
export const incentivesSchema = pgSchema('incentives');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const listMemberships = incentivesSchema.table(
  'list_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    list: text('list').notNull(),
    reason: text('reason').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    /** Planned end; null while open-ended. */
    until: date('until', { mode: 'string' }),
    /** Set when the membership is lifted early (repair, withdrawal, by hand). */
    endedAt: at('ended_at'),
    endReason: text('end_reason'),
    /** RULE: derived from records by the list rules; MANUAL: added by the credit office. */
    origin: text('origin').notNull().default('RULE'),
    /** Who added a manual entry or ended one by hand; a rule never re-adds what the credit office removed. */
    addedBy: text('added_by'),
    endedBy: text('ended_by'),
    /** Set on a duplicate that the 0007 migration merged into this membership (kept as history, never shown). */
    mergedInto: uuid('merged_into'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('list_memberships_subject_idx').on(table.subjectId),
    index('list_memberships_list_idx').on(table.list, table.since),
    // One membership per subject and list while it is open, whatever its origin and however many records
    // cause it: two causing events at once cannot open two (the second waits, then joins the first).
    uniqueIndex('list_memberships_one_open_idx')
      .on(table.subjectId, table.list)
      .where(sql`ended_at is null`),
  ],
);

/**
 * Which records caused a membership: all of them, one row each. A cause that stops counting while others
 * hold the membership is lifted (`liftedAt`, `liftReason`); the membership ends when its last cause does.
 */
export const membershipCauses = incentivesSchema.table(
  'membership_causes',
  {
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => listMemberships.id),
    recordId: uuid('record_id').notNull(),
    liftedAt: at('lifted_at'),
    liftReason: text('lift_reason'),
  },
  (table) => [primaryKey({ columns: [table.membershipId, table.recordId] }), index('membership_causes_record_idx').on(table.recordId)],
);

/** How a ledger entry came about (the column holds nothing else; a type only, the column stays text). */
export type PointsEntryKind = 'AWARD' | 'DEDUCTION' | 'REVERSAL' | 'ADJUSTMENT';

/** 娄城信用积分 ledger: append-only entries; the balance is their sum. */
export const pointsEntries = incentivesSchema.table(
  'points_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    recordId: uuid('record_id'),
    /** AWARD, DEDUCTION, REVERSAL or ADJUSTMENT. */
    entryKind: text('entry_kind').$type<PointsEntryKind>().notNull().default('AWARD'),
    /** The points rule the entry applied (a category, or NEGATIVE_<severity>). */
    basis: text('basis'),
    at: at('at').notNull().defaultNow(),
  },
  (table) => [index('points_entries_subject_idx').on(table.subjectId, table.at), index('points_entries_record_idx').on(table.recordId)],
);

/** The credit office's points table: how many points each kind of record is worth. */
export const pointsRules = incentivesSchema.table('points_rules', {
  basis: text('basis').primaryKey(),
  points: integer('points').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** Incentives' view of records, kept from records' events (never records' tables). */
export const recordFacts = incentivesSchema.table(
  'record_facts',
  {
    recordId: uuid('record_id').primaryKey(),
    subjectId: text('subject_id').notNull(),
    subjectIsPerson: boolean('subject_is_person').notNull(),
    category: text('category').notNull(),
    categoryLabel: text('category_label').notNull(),
    kind: text('kind').notNull(),
    severity: text('severity'),
    status: text('status').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    publicUntil: date('public_until', { mode: 'string' }),
    /** A deferred record is disclosed by itself from this day: part of records' row rule for causedBy. */
    deferredUntil: date('deferred_until', { mode: 'string' }),
    /** The unit that reported it: member units see their own records under statuses not shared with others. */
    reportingUnitId: text('reporting_unit_id'),
    /** Last day a negative record counts; null for positive ones. */
    effectUntil: date('effect_until', { mode: 'string' }),
    version: integer('version').notNull(),
    /** Position in records' log of the event last applied: a replayed older event never rolls the record back. */
    feedTxid: bigint('feed_txid', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    feedId: bigint('feed_id', { mode: 'number' }).notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [index('record_facts_subject_idx').on(table.subjectId)],
);

/** Kind and tags of each credit file (EPIDEMIC_SUPPLY_PRODUCER, HARD_HIT…), from subjects' events. */
export const subjectFacts = subjectDirectoryTable(incentivesSchema, 'subject_facts');

/** Member units and financial institutions, from subjects' events. */
export const units = incentivesSchema.table('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
});

/** 奖惩反馈: what a unit applied to a subject under which measure, idempotent on the unit's own reference. */
export const measureFeedback = incentivesSchema.table(
  'measure_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: text('unit_id').notNull(),
    reference: text('reference').notNull(),
    subjectId: text('subject_id').notNull(),
    measure: text('measure').notNull(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => listMemberships.id),
    /** APPLIED or NOT_APPLIED (with the reason in `result`). */
    outcome: text('outcome').notNull(),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    result: text('result').notNull(),
    reportedAt: at('reported_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('measure_feedback_reference_idx').on(table.unitId, table.reference),
    index('measure_feedback_membership_idx').on(table.membershipId, table.unitId),
  ],
);

/** 信易贷: a subject lets one financial institution read its loan profile until a date, or until revoked. */
export const loanAuthorisations = incentivesSchema.table(
  'loan_authorisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    institutionId: text('institution_id').notNull(),
    grantedAt: at('granted_at').notNull().defaultNow(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    revokedAt: at('revoked_at'),
  },
  (table) => [index('loan_authorisations_subject_idx').on(table.subjectId, table.institutionId)],
);

/** A person's separate consent (PIPL art. 25) to be shown as an exemplar, under a name of their choosing. */
export const exemplarConsents = incentivesSchema.table('exemplar_consents', {
  subjectId: text('subject_id').primaryKey(),
  displayName: text('display_name').notNull(),
  consentedAt: at('consented_at').notNull().defaultNow(),
});

export type ListMembershipRow = typeof listMemberships.$inferSelect;
export type PointsEntryRow = typeof pointsEntries.$inferSelect;
export type RecordFactRow = typeof recordFacts.$inferSelect;
export type MeasureFeedbackRow = typeof measureFeedback.$inferSelect;
export type LoanAuthorisationRow = typeof loanAuthorisations.$inferSelect;
export type PointsRuleRow = typeof pointsRules.$inferSelect;
export type SubjectFactRow = typeof subjectFacts.$inferSelect;
export type UnitRow = typeof units.$inferSelect;

export const incentivesAudit = auditTable(incentivesSchema);
export const incentivesAuditCheckpoints = auditCheckpointTable(incentivesSchema);
export const incentivesCursors = consumerCursorsTable(incentivesSchema);
