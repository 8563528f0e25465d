import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { creditReports, type CreditReportRow } from './tables.js';

/** What asking for a report returns: the row without its PDF, which is served by number. */
const ISSUED = {
  number: creditReports.number,
  subjectId: creditReports.subjectId,
  audience: creditReports.audience,
  scope: creditReports.scope,
  issuedAt: creditReports.issuedAt,
  issuedOn: creditReports.issuedOn,
  contentSha256: creditReports.contentSha256,
  signature: creditReports.signature,
  pdfSha256: creditReports.pdfSha256,
};
export type IssuedReport = Pick<CreditReportRow, keyof typeof ISSUED>;

/** Which reports supersede one another: the same subject, audience and (for a special report) scope. */
export interface ReportSeries {
  subjectId: string;
  audience: CreditReportRow['audience'];
  scope: string | null;
}

/** The newest report of a subject for an audience and scope (latest time of issue; the number breaks a tie). */
async function latestOf(db: Db, series: ReportSeries): Promise<IssuedReport | undefined> {
  const [row] = await db
    .select(ISSUED)
    .from(creditReports)
    .where(
      and(
        eq(creditReports.subjectId, series.subjectId),
        eq(creditReports.audience, series.audience),
        series.scope === null ? isNull(creditReports.scope) : eq(creditReports.scope, series.scope),
      ),
    )
    .orderBy(desc(creditReports.issuedAt), desc(creditReports.number))
    .limit(1);
  return row;
}

/** Reads and writes of one series while its lock is held (ReportStore.exclusively). */
export interface LockedSeries {
  latest(): Promise<IssuedReport | undefined>;
  keep(row: typeof creditReports.$inferInsert): Promise<IssuedReport>;
}

/** The register of issued reports (reports.credit_reports). */
export function createReportStore(db: Db) {
  return {
    latest: (series: ReportSeries) => latestOf(db, series),

    /**
     * Runs `work` in one transaction under the lock of the series: two asks at once see each other's
     * report, and the latest report is always the last kept.
     */
    exclusively<T>(series: ReportSeries, work: (locked: LockedSeries) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtext(${`report:${series.subjectId}:${series.audience}:${series.scope ?? ''}`}))`,
        );
        return work({
          latest: () => latestOf(tx, series),
          keep: async (row) => {
            const [inserted] = await tx.insert(creditReports).values(row).returning(ISSUED);
            return inserted!;
          },
        });
      });
    },

    /** A report by number, PDF and signed content included. */
    async byNumber(number: string): Promise<CreditReportRow | undefined> {
      const [row] = await db.select().from(creditReports).where(eq(creditReports.number, number));
      return row;
    },

    async ping(): Promise<void> {
      await db.select({ number: creditReports.number }).from(creditReports).limit(1);
    },
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
