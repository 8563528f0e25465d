import { boolean, date, index, pgSchema, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

import { auditTable } from '../kit/audit-table.js';
export const recordsSchema = pgSchema('records');

export const creditRecords = recordsSchema.table(
  'credit_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    /** Natural persons' records are never public: kept here so the rule is a SQL filter, not a look-up. */
    subjectIsPerson: boolean('subject_is_person').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    severity: text('severity'),
    status: text('status').notNull().default('ACTIVE'),
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

export type CreditRecordRow = typeof creditRecords.$inferSelect;
export type NewCreditRecordRow = typeof creditRecords.$inferInsert;

export const recordsAudit = auditTable(recordsSchema);
