import { and, count, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { groupBy } from '../kit/loaders.js';
import type { Principal } from '../kit/principal.js';
import { chinaToday } from '../kit/time.js';
import { membershipsVisibleTo } from './policy.js';
import { DEFAULT_POINTS_RULES } from './points.js';
import { deriveSupervision, EFFECTIVE_STATUSES, NEGATIVE_KINDS, POSITIVE_KINDS } from './rules.js';
import {
  listMemberships,
  membershipCauses,
  pointsEntries,
  pointsRules,
  recordFacts,
  subjectFacts,
  units,
  type ListMembershipRow,
} from './tables.js';

const m = listMemberships;
const f = recordFacts;

export function isActive(row: Pick<ListMembershipRow, 'endedAt' | 'until'>, today = chinaToday()): boolean {
  return row.endedAt === null && (row.until === null || row.until >= today);
}

/** Active today: not ended, and the planned end not passed. */
export const activeMembership = (today: string): SQL => and(isNull(m.endedAt), or(isNull(m.until), gte(m.until, today)))!;

/** Negative records that count against their subject today. */
export const countingAgainst = (today: string) =>
  and(inArray(f.kind, NEGATIVE_KINDS), inArray(f.status, EFFECTIVE_STATUSES), or(isNull(f.effectUntil), gte(f.effectUntil, today)));

export interface Supervision {
  subjectId: string;
  level: string;
  reason: string;
  inspection: string;
  assessedAt: Date;
}

/** Reads of the incentives subgraph; the workflows (lists, measures, loans, exemplars) own their own SQL. */
export function createIncentivesData(db: Db) {
  return {
    /** The points table starts with the illustrative rules; the credit office's later changes are kept. */
    async installDefaultPointsRules(): Promise<void> {
      const rows = Object.entries(DEFAULT_POINTS_RULES).map(([basis, points]) => ({ basis, points, updatedBy: 'DEFAULT' }));
      await db.insert(pointsRules).values(rows).onConflictDoNothing();
    },

    async membershipsOfSubjects(subjectIds: readonly string[], principal: Principal, today = chinaToday()): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(
          and(
            inArray(m.subjectId, [...subjectIds]),
            isNull(m.mergedInto),
            membershipsVisibleTo(principal, m.subjectId, m.list, activeMembership(today)),
          ),
        )
        .orderBy(desc(m.since), desc(m.id));
    },

    async membershipsByIds(ids: readonly string[]): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(inArray(m.id, [...ids]));
    },

    /** Causing records of memberships (lifted ones too), with what the projection knows of each (undefined if not yet projected). */
    async causesOf(membershipIds: readonly string[]) {
      const rows = await db
        .select({ cause: membershipCauses, fact: f })
        .from(membershipCauses)
        .leftJoin(f, eq(f.recordId, membershipCauses.recordId))
        .where(inArray(membershipCauses.membershipId, [...membershipIds]));
      return rows.map(({ cause, fact }) => ({ ...cause, fact: fact ?? undefined }));
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
            activeMembership(today),
            membershipsVisibleTo(principal, m.subjectId, m.list, activeMembership(today)),
            after ? sql`(${m.since}, ${m.id}) < (${after.since}::date, ${after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(m.since), desc(m.id))
        .limit(size + 1);
    },

    /** The level of each subject as of now: two statements for any number of subjects. Callers check the field policy. */
    async supervisionOf(subjectIds: readonly string[], today = chinaToday()): Promise<Supervision[]> {
      const ids = [...subjectIds];
      const lists = await db
        .selectDistinct({ subjectId: m.subjectId, list: m.list })
        .from(m)
        .where(and(inArray(m.subjectId, ids), activeMembership(today)));
      const negatives = await db
        .select({ subjectId: f.subjectId, n: count() })
        .from(f)
        .where(and(inArray(f.subjectId, ids), countingAgainst(today)))
        .groupBy(f.subjectId);
      const listsOf = groupBy(lists, (row) => row.subjectId);
      const negativesOf = new Map(negatives.map((row) => [row.subjectId, Number(row.n)]));
      const assessedAt = new Date();
      return ids.map((subjectId) => ({
        subjectId,
        ...deriveSupervision(
          (listsOf.get(subjectId) ?? []).map((row) => row.list),
          negativesOf.get(subjectId) ?? 0,
        ),
        assessedAt,
      }));
    },

    /** Record counts of a loan profile: negative ones counting today by severity, positive ones by kind. */
    async recordCounts(subjectId: string, today = chinaToday()) {
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

    async subjectFacts(subjectIds: readonly string[]) {
      return db
        .select()
        .from(subjectFacts)
        .where(inArray(subjectFacts.subjectId, [...subjectIds]));
    },

    async unit(id: string) {
      const [row] = await db.select().from(units).where(eq(units.id, id));
      return row;
    },

    async pointsOf(subjectIds: readonly string[]) {
      return db
        .select()
        .from(pointsEntries)
        .where(inArray(pointsEntries.subjectId, [...subjectIds]))
        .orderBy(desc(pointsEntries.at), desc(pointsEntries.id));
    },

    async pointsRules() {
      return db.select().from(pointsRules).orderBy(pointsRules.basis);
    },

    async ping(): Promise<void> {
      await db.select({ id: m.id }).from(m).limit(1);
    },
  };
}

export type IncentivesData = ReturnType<typeof createIncentivesData>;
