import { and, count, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Tx } from '../kit/events.js';
import { anyOf, fromExcluded, insertFrom } from '../kit/row-sets.js';
import { NEGATIVE_KINDS, POSITIVE_KINDS } from '../kit/vocabulary.js';
import { EFFECTIVE_STATUSES } from './rules.js';
import { recordFacts, type RecordFactRow } from './tables.js';

/**
 * The SQL of incentives' projection of records' events (record_facts): writing it from a page of events,
 * and the reads the rules, the supervision level and the loan profile count on. Never records' tables.
 */

const f = recordFacts;

/** The projection's columns an event sets, by property. */
const FROM_EVENT = [
  'subjectId',
  'subjectIsPerson',
  'category',
  'categoryLabel',
  'kind',
  'severity',
  'status',
  'decisionDate',
  'publicUntil',
  'deferredUntil',
  'reportingUnitId',
  'effectUntil',
  'version',
  'feedTxid',
  'feedId',
] as const;

/** A row of the projection as written from one event. */
export type RecordFactValues = typeof recordFacts.$inferInsert;

/** Negative records that count against their subject today. */
export const countingAgainst = (today: string) =>
  and(inArray(f.kind, NEGATIVE_KINDS), inArray(f.status, EFFECTIVE_STATUSES), or(isNull(f.effectUntil), gte(f.effectUntil, today)));

/** The subjects the projection holds these records under now (before a page moves them). */
export async function subjectsOfRecords(tx: Tx, recordIds: string[]): Promise<string[]> {
  const rows = await tx.select({ subjectId: f.subjectId }).from(f).where(anyOf(f.recordId, recordIds));
  return rows.map((row) => row.subjectId);
}

/**
 * Upserts the projection; an event from earlier in records' log than the one applied (a replay after a
 * cursor reset) never rolls a record back, and the event last applied is applied again on a replay.
 */
export async function upsertRecordFacts(tx: Tx, values: RecordFactValues[]): Promise<void> {
  if (!values.length) return;
  await tx.execute(sql`${insertFrom(f, values)} on conflict (${sql.identifier(f.recordId.name)})
    do update set ${fromExcluded(f, FROM_EVENT)}, ${sql.identifier(f.updatedAt.name)} = now()
    where (${f.feedTxid}, ${f.feedId}) <= (excluded.feed_txid, excluded.feed_id)`);
}

/** Every record the projection holds of these subjects. */
export async function factsOfSubjects(tx: Tx, subjectIds: string[]): Promise<RecordFactRow[]> {
  return tx.select().from(f).where(anyOf(f.subjectId, subjectIds));
}

/** These records as the projection holds them, whoever their subject is now. */
export async function factsOfRecords(tx: Tx, recordIds: string[]): Promise<RecordFactRow[]> {
  return tx.select().from(f).where(anyOf(f.recordId, recordIds));
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
        .where(and(anyOf(f.subjectId, subjectIds), countingAgainst(today)))
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
