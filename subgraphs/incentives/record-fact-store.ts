import { and, count, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Tx } from '../kit/events.js';
import { NEGATIVE_KINDS, POSITIVE_KINDS } from '../kit/vocabulary.js';
import { EFFECTIVE_STATUSES } from './rules.js';
import { recordFacts, type RecordFactRow } from './tables.js';

/**
 * The SQL of incentives' projection of records' events (record_facts): writing it from a page of events,
 * and the reads the rules, the supervision level and the loan profile count on. Never records' tables.
 */

const f = recordFacts;

/** A row of the projection as written from one event. */
export type RecordFactValues = typeof recordFacts.$inferInsert;

/** Negative records that count against their subject today. */
export const countingAgainst = (today: string) =>
  and(inArray(f.kind, NEGATIVE_KINDS), inArray(f.status, EFFECTIVE_STATUSES), or(isNull(f.effectUntil), gte(f.effectUntil, today)));

/** The subjects the projection holds these records under now (before a page moves them). */
export async function subjectsOfRecords(tx: Tx, recordIds: string[]): Promise<string[]> {
  const rows = await tx.select({ subjectId: f.subjectId }).from(f).where(inArray(f.recordId, recordIds));
  return rows.map((row) => row.subjectId);
}

/**
 * Upserts the projection; an event from earlier in records' log than the one applied (a replay after a
 * cursor reset) never rolls a record back, and the event last applied is applied again on a replay.
 */
export async function upsertRecordFacts(tx: Tx, values: RecordFactValues[]): Promise<void> {
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await tx
    .insert(f)
    .values(values)
    .onConflictDoUpdate({
      target: f.recordId,
      set: {
        subjectId: excluded('subject_id'),
        subjectIsPerson: excluded('subject_is_person'),
        category: excluded('category'),
        categoryLabel: excluded('category_label'),
        kind: excluded('kind'),
        severity: excluded('severity'),
        status: excluded('status'),
        decisionDate: excluded('decision_date'),
        publicUntil: excluded('public_until'),
        deferredUntil: excluded('deferred_until'),
        reportingUnitId: excluded('reporting_unit_id'),
        effectUntil: excluded('effect_until'),
        version: excluded('version'),
        feedTxid: excluded('feed_txid'),
        feedId: excluded('feed_id'),
        updatedAt: new Date(),
      },
      setWhere: sql`(${f.feedTxid}, ${f.feedId}) <= (excluded.feed_txid, excluded.feed_id)`,
    });
}

/** Every record the projection holds of these subjects. */
export async function factsOfSubjects(tx: Tx, subjectIds: string[]): Promise<RecordFactRow[]> {
  return tx.select().from(f).where(inArray(f.subjectId, subjectIds));
}

/** These records as the projection holds them, whoever their subject is now. */
export async function factsOfRecords(tx: Tx, recordIds: string[]): Promise<RecordFactRow[]> {
  return tx.select().from(f).where(inArray(f.recordId, recordIds));
}

/** Subjects with a record whose effect ended on a day in [from, before). */
export async function subjectsWithEffectEnded(db: Db, from: string, before: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ subjectId: f.subjectId })
    .from(f)
    .where(and(lt(f.effectUntil, before), gte(f.effectUntil, from)));
  return rows.map((row) => row.subjectId);
}

export function createRecordFactStore(db: Db) {
  return {
    /** How many negative records count against each of these subjects today (subjects with none are absent). */
    async negativesCounting(subjectIds: string[], today: string): Promise<{ subjectId: string; n: number }[]> {
      return db
        .select({ subjectId: f.subjectId, n: count() })
        .from(f)
        .where(and(inArray(f.subjectId, subjectIds), countingAgainst(today)))
        .groupBy(f.subjectId);
    },

    /** Record counts of a loan profile: negative ones counting today by severity, positive ones by kind. */
    async recordCounts(subjectId: string, today: string) {
      const negative = await db
        .select({ severity: f.severity, n: count() })
        .from(f)
        .where(and(eq(f.subjectId, subjectId), countingAgainst(today)))
        .groupBy(f.severity);
      const positive = await db
        .select({ kind: f.kind, n: count() })
        .from(f)
        .where(and(eq(f.subjectId, subjectId), inArray(f.kind, POSITIVE_KINDS), inArray(f.status, EFFECTIVE_STATUSES)))
        .groupBy(f.kind);
      return { negative, positive };
    },

    /** Honest-conduct and honour categories seen in records. */
    async positiveCategories(): Promise<string[]> {
      const seen = await db.selectDistinct({ category: f.category }).from(f).where(inArray(f.kind, POSITIVE_KINDS));
      return seen.map((row) => row.category);
    },
  };
}

export type RecordFactStore = ReturnType<typeof createRecordFactStore>;
