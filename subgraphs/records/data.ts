import { and, count, desc, eq, gte, inArray, lte, not, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Principal } from '../kit/principal.js';
import type { StatisticsRow } from '../kit/statistics.js';
import { chinaToday } from '../kit/time.js';
import { statusSql } from './expiry.js';
import { recordRowsVisibleTo } from './policy.js';
import { creditRecords, subjectDirectory, type CreditRecordRow } from './tables.js';

export interface RecordFilter {
  subjectId?: string | null;
  categories?: string[] | null;
  kinds?: string[] | null;
  statuses?: string[] | null;
  severities?: string[] | null;
  reportingUnitId?: string | null;
  decidedFrom?: string | null;
  decidedTo?: string | null;
}

export type RecordDimension =
  'CATEGORY' | 'KIND' | 'SEVERITY' | 'STATUS' | 'DECISION_YEAR' | 'DECISION_MONTH' | 'REPORTING_UNIT' | 'SUBJECT_TYPE' | 'TOWN';

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

/** All SQL of the records subgraph. */
export function createRecordsData(db: Db) {
  const visible = (principal: Principal): SQL | undefined => recordRowsVisibleTo(principal, chinaToday());

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
    async recordsByIds(ids: readonly string[], principal: Principal): Promise<CreditRecordRow[]> {
      return db
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.id, [...ids]), visible(principal)));
    },

    /**
     * Records and distinct natural persons per group, over all records matching the filter: aggregates, never
     * rows. The caller's filter arrives already checked and coarsened (resolvers: statisticsFilter).
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
    async recordsBreaching(commitmentIds: readonly string[], principal: Principal): Promise<CreditRecordRow[]> {
      return db
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.breachOfRecordId, [...commitmentIds]), visible(principal)))
        .orderBy(creditRecords.decisionDate, creditRecords.reportedAt, creditRecords.id);
    },

    async recordsOfSubjects(subjectIds: readonly string[], principal: Principal): Promise<CreditRecordRow[]> {
      return db
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.subjectId, [...subjectIds]), visible(principal)))
        .orderBy(...newestFirst);
    },

    /** Newest first; keyset on (decision date, id); one row more than the page tells whether more follow. */
    async searchRecords(
      filter: RecordFilter | null | undefined,
      size: number,
      after: { decisionDate: string; id: string } | undefined,
      principal: Principal,
    ) {
      const keyset = after
        ? sql`(${creditRecords.decisionDate}, ${creditRecords.id}) < (${after.decisionDate}::date, ${after.id}::uuid)`
        : undefined;
      return db
        .select()
        .from(creditRecords)
        .where(and(visible(principal), keyset, ...filterSql(filter)))
        .orderBy(...newestFirst)
        .limit(size + 1);
    },

    async ping(): Promise<void> {
      await db.select({ id: creditRecords.id }).from(creditRecords).limit(1);
    },
  };
}

export type RecordsData = ReturnType<typeof createRecordsData>;
