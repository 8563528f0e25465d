import { date, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

import { auditTable } from '../kit/audit-table.js';
export const incentivesSchema = pgSchema('incentives');

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
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    endReason: text('end_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('list_memberships_subject_idx').on(table.subjectId), index('list_memberships_list_idx').on(table.list, table.since)],
);

/** Which records caused a membership: the reason it is lifted when they are repaired or withdrawn. */
export const membershipCauses = incentivesSchema.table(
  'membership_causes',
  {
    membershipId: uuid('membership_id').notNull().references(() => listMemberships.id),
    recordId: uuid('record_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.membershipId, table.recordId] })],
);

export const supervisionLevels = incentivesSchema.table('supervision_levels', {
  subjectId: text('subject_id').primaryKey(),
  level: text('level').notNull(),
  reason: text('reason').notNull(),
  assessedAt: timestamp('assessed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** 娄城信用积分 ledger: append-only entries; the balance is their sum. */
export const pointsEntries = incentivesSchema.table(
  'points_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: text('subject_id').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    recordId: uuid('record_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('points_entries_subject_idx').on(table.subjectId, table.at)],
);

export type ListMembershipRow = typeof listMemberships.$inferSelect;
export type SupervisionRow = typeof supervisionLevels.$inferSelect;
export type PointsEntryRow = typeof pointsEntries.$inferSelect;

export const incentivesAudit = auditTable(incentivesSchema);
