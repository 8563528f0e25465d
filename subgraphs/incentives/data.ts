import { and, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Principal } from '../kit/principal.js';
import { chinaToday } from '../kit/time.js';
import { membershipsVisibleTo } from './policy.js';
import { listMemberships, membershipCauses, pointsEntries, supervisionLevels, type ListMembershipRow } from './tables.js';

export interface NewMembership {
  subjectId: string;
  list: string;
  reason: string;
  since: string;
  until?: string | null;
  endedAt?: Date | null;
  endReason?: string | null;
  causedBy: string[];
}

const m = listMemberships;

export function isActive(row: ListMembershipRow, today = chinaToday()): boolean {
  return row.endedAt === null && (row.until === null || row.until >= today);
}

/** All SQL of the incentives subgraph. */
export function createIncentivesData(db: Db) {
  return {
    async membershipsOfSubjects(subjectIds: readonly string[], principal: Principal): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(and(inArray(m.subjectId, [...subjectIds]), membershipsVisibleTo(principal, m.subjectId, m.list)))
        .orderBy(desc(m.since), desc(m.id));
    },

    async causesOf(membershipIds: readonly string[]) {
      return db.select().from(membershipCauses).where(inArray(membershipCauses.membershipId, [...membershipIds]));
    },

    /** Active members of one list, newest first; keyset on (since, id). */
    async listMembers(list: string, size: number, after: { since: string; id: string } | undefined, principal: Principal) {
      const today = chinaToday();
      return db
        .select()
        .from(m)
        .where(
          and(
            eq(m.list, list),
            isNull(m.endedAt),
            or(isNull(m.until), gte(m.until, today)),
            membershipsVisibleTo(principal, m.subjectId, m.list),
            after ? sql`(${m.since}, ${m.id}) < (${after.since}::date, ${after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(m.since), desc(m.id))
        .limit(size + 1);
    },

    /** Callers check the field policy before asking. */
    async supervisionOf(subjectIds: readonly string[]) {
      return db.select().from(supervisionLevels).where(inArray(supervisionLevels.subjectId, [...subjectIds]));
    },

    async pointsOf(subjectIds: readonly string[]) {
      return db.select().from(pointsEntries).where(inArray(pointsEntries.subjectId, [...subjectIds])).orderBy(desc(pointsEntries.at));
    },

    /** Bulk load for the demo data; rule-driven derivation from record events comes with the incentives issue. */
    async insertMemberships(rows: NewMembership[]): Promise<void> {
      if (!rows.length) return;
      const inserted = await db
        .insert(m)
        .values(rows.map(({ causedBy: _c, ...row }) => row))
        .returning({ id: m.id });
      const causes = rows.flatMap((row, i) => row.causedBy.map((recordId) => ({ membershipId: inserted[i]!.id, recordId })));
      if (causes.length) await db.insert(membershipCauses).values(causes).onConflictDoNothing();
    },
    async setSupervision(rows: (typeof supervisionLevels.$inferInsert)[]): Promise<void> {
      if (!rows.length) return;
      await db
        .insert(supervisionLevels)
        .values(rows)
        .onConflictDoUpdate({ target: supervisionLevels.subjectId, set: { level: sql`excluded.level`, reason: sql`excluded.reason`, assessedAt: sql`excluded.assessed_at` } });
    },
    async insertPoints(rows: (typeof pointsEntries.$inferInsert)[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) await db.insert(pointsEntries).values(rows.slice(i, i + 500));
    },

    async ping(): Promise<void> {
      await db.select({ id: m.id }).from(m).limit(1);
    },
  };
}

export type IncentivesData = ReturnType<typeof createIncentivesData>;
