import { and, count, desc, eq, gte, inArray, lte, not, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { notFound } from '../kit/errors.js';
import { publish, type Tx } from '../kit/events.js';
import { asUuid } from '../kit/ids.js';
import type { StatisticsRow } from '../kit/statistics.js';
import { chinaToday } from '../kit/time.js';
import type { RecordKind, Severity } from './catalogue.js';
import type { RecordStatus } from './disclosure.js';
import { statusSql } from './expiry.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import { recordChangedEvent } from './record-events.js';
import { creditRecords, recordsOutbox, subjectDirectory, type CreditRecordRow, type NewCreditRecordRow } from './tables.js';

/** RecordFilter of the SDL: what creditRecords, publicDisclosures and recordStatistics are asked for. */
export interface RecordFilter {
  subjectId?: string | null;
  categories?: string[] | null;
  kinds?: RecordKind[] | null;
  statuses?: RecordStatus[] | null;
  severities?: Severity[] | null;
  reportingUnitId?: string | null;
  decidedFrom?: string | null;
  decidedTo?: string | null;
}

export type RecordDimension =
  'CATEGORY' | 'KIND' | 'SEVERITY' | 'STATUS' | 'DECISION_YEAR' | 'DECISION_MONTH' | 'REPORTING_UNIT' | 'SUBJECT_TYPE' | 'TOWN';

/** Where a page of newest-first records starts: after this (decision date, id). */
export type RecordCursor = { decisionDate: string; id: string };

/** What each dimension groups by; STATUS is the status as read today (公示期满 included: expiry.ts). */
const DIMENSIONS: Record<RecordDimension, (today: string) => SQL> = {
  CATEGORY: () => sql`${creditRecords.category}`,
  KIND: () => sql`${creditRecords.kind}`,
  SEVERITY: () => sql`${creditRecords.severity}`,
  STATUS: (today) => statusSql(today),
  DECISION_YEAR: () => sql`extract(year from ${creditRecords.decisionDate})::int::text`,
  DECISION_MONTH: () => sql`to_char(${creditRecords.decisionDate}, 'YYYY-MM')`,
  TOWN: () => sql`${subjectDirectory.district}`,
  REPORTING_UNIT: () => sql`${creditRecords.reportingUnitId}`,
  SUBJECT_TYPE: () => sql`case when ${creditRecords.subjectIsPerson} then 'NATURAL_PERSON' else 'ORGANISATION' end`,
};

/** deferral.ts deferredNow() in SQL: a DEFERRED record before its deferredUntil, or with none yet. */
const deferredNowSql = (today: string): SQL =>
  sql`(${creditRecords.status} = 'DEFERRED' and (${creditRecords.deferredUntil} is null or ${creditRecords.deferredUntil} > ${today}::date))`;

const newestFirst = [desc(creditRecords.decisionDate), desc(creditRecords.id)];

/** Keyset on (decision date, id), newest first: the rows after the cursor. */
export const afterCursor = (after: RecordCursor | undefined): SQL | undefined =>
  after ? sql`(${creditRecords.decisionDate}, ${creditRecords.id}) < (${after.decisionDate}::date, ${after.id}::uuid)` : undefined;

type RecordChange = Partial<NewCreditRecordRow>;

/**
 * The SQL of credit records once reported (intake's writes: intake-store.ts): reads for the loaders and
 * searches, statistics, and the changes made to a record afterwards. Callers pass the row rule of who is
 * asking (policy.ts recordRowsVisibleTo) as `visible`.
 */
export function createRecordStore(db: Db) {
  function filterSql(filter: RecordFilter | null | undefined, today = chinaToday()): (SQL | undefined)[] {
    if (!filter) return [];
    return [
      filter.subjectId ? eq(creditRecords.subjectId, filter.subjectId) : undefined,
      filter.categories?.length ? inArray(creditRecords.category, filter.categories) : undefined,
      filter.kinds?.length ? inArray(creditRecords.kind, filter.kinds) : undefined,
      // The status as read today: EXPIRED once the period has ended (expiry.ts), never a stored ACTIVE.
      filter.statuses?.length ? inArray(statusSql(today), filter.statuses) : undefined,
      filter.severities?.length ? inArray(creditRecords.severity, filter.severities) : undefined,
      filter.reportingUnitId ? eq(creditRecords.reportingUnitId, filter.reportingUnitId) : undefined,
      filter.decidedFrom ? gte(creditRecords.decisionDate, filter.decidedFrom) : undefined,
      filter.decidedTo ? lte(creditRecords.decisionDate, filter.decidedTo) : undefined,
    ];
  }

  return {
    async recordsByIds(ids: readonly string[], visible: SQL | undefined): Promise<CreditRecordRow[]> {
      return db
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.id, [...ids]), visible));
    },

    /**
     * Records and distinct natural persons per group, over all records matching the filter: aggregates, never
     * rows. The caller's filter arrives already checked and coarsened (record-reads.ts: statisticsFilter).
     */
    async statistics(dimension: RecordDimension, filter: RecordFilter | null | undefined): Promise<StatisticsRow[]> {
      const today = chinaToday();
      const persons = sql<number>`count(distinct ${creditRecords.subjectId}) filter (where ${creditRecords.subjectIsPerson})`;
      const rows = await db
        .select({ key: sql<string>`coalesce(${DIMENSIONS[dimension](today)}, '(none)')`, total: count(), persons })
        .from(creditRecords)
        .leftJoin(subjectDirectory, eq(subjectDirectory.subjectId, creditRecords.subjectId))
        // 暂缓报送: a record whose deferral still holds is not reported yet, so nobody counts it (deferral.ts).
        .where(and(not(deferredNowSql(today)), ...filterSql(filter, today)))
        .groupBy(sql`1`)
        .orderBy(sql`1`);
      return rows.map((row) => ({ key: String(row.key), total: Number(row.total), persons: Number(row.persons) }));
    },

    /** Records that breached these commitments, oldest decision first. */
    async recordsBreaching(commitmentIds: readonly string[], visible: SQL | undefined): Promise<CreditRecordRow[]> {
      return db
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.breachOfRecordId, [...commitmentIds]), visible))
        .orderBy(creditRecords.decisionDate, creditRecords.reportedAt, creditRecords.id);
    },

    async recordsOfSubjects(subjectIds: readonly string[], visible: SQL | undefined): Promise<CreditRecordRow[]> {
      return db
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.subjectId, [...subjectIds]), visible))
        .orderBy(...newestFirst);
    },

    /** Newest first; keyset on (decision date, id); one row more than the page tells whether more follow. */
    async searchRecords(filter: RecordFilter | null | undefined, size: number, after: RecordCursor | undefined, visible: SQL | undefined) {
      return db
        .select()
        .from(creditRecords)
        .where(and(visible, afterCursor(after), ...filterSql(filter)))
        .orderBy(...newestFirst)
        .limit(size + 1);
    },

    /**
     * Loads the record locked, applies `decide` (null: nothing to change) and publishes the change in the same
     * transaction. A refusal thrown by `decide` (who may, what may change) rolls everything back.
     */
    async changeRecord(
      recordId: string,
      decide: (row: CreditRecordRow) => RecordChange | null,
    ): Promise<{ row: CreditRecordRow; changed: boolean }> {
      const id = asUuid(recordId);
      if (!id) throw notFound(M.RECORDS_RECORD_NOT_FOUND({ id: recordId }));
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(creditRecords).where(eq(creditRecords.id, id)).for('update');
        if (!row) throw notFound(M.RECORDS_RECORD_NOT_FOUND({ id: recordId }));
        const change = decide(row);
        if (!change) return { row, changed: false };
        const [updated] = await tx
          .update(creditRecords)
          .set({ ...change, updatedAt: new Date() })
          .where(eq(creditRecords.id, id))
          .returning();
        await publish(tx, recordsOutbox, [recordChangedEvent(updated!)]);
        return { row: updated!, changed: true };
      });
    },

    async ping(): Promise<void> {
      await db.select({ id: creditRecords.id }).from(creditRecords).limit(1);
    },
  };
}

export type RecordStore = ReturnType<typeof createRecordStore>;

/**
 * Moves the record, while it is this subject's, from one of the `from` statuses to `to` in the consumer's
 * transaction (what repairs decided: events.ts), only up to `upToVersion` when given, and publishes the change.
 * Undefined when the record is not (or no longer) in such a state.
 */
export async function moveRecordStatus(
  tx: Tx,
  record: { recordId: string; subjectId: string },
  from: RecordStatus[],
  to: RecordStatus,
  upToVersion?: number,
): Promise<CreditRecordRow | undefined> {
  const [moved] = await tx
    .update(creditRecords)
    .set({ status: to, updatedAt: new Date() })
    .where(
      and(
        eq(creditRecords.id, record.recordId),
        eq(creditRecords.subjectId, record.subjectId),
        inArray(creditRecords.status, from),
        upToVersion !== undefined ? lte(creditRecords.version, upToVersion) : undefined,
      ),
    )
    .returning();
  if (moved) await publish(tx, recordsOutbox, [recordChangedEvent(moved)]);
  return moved;
}
