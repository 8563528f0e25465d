import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { activeMembership } from './membership-store.js';
import { listMemberships, measureFeedback, type ListMembershipRow, type MeasureFeedbackRow } from './tables.js';

/** The SQL of 联合奖惩 in practice: the memberships measures are due for, and the units' feedback (奖惩反馈). */

const m = listMemberships;
const fb = measureFeedback;

/** A unit's report as stored: the unit's own reference makes it idempotent. */
export type FeedbackValues = Omit<typeof measureFeedback.$inferInsert, 'id' | 'reportedAt'>;

export function createMeasureStore(db: Db) {
  return {
    async feedbackFor(membershipIds: string[]): Promise<MeasureFeedbackRow[]> {
      if (!membershipIds.length) return [];
      return db.select().from(fb).where(inArray(fb.membershipId, membershipIds)).orderBy(desc(fb.reportedAt));
    },

    /** Active memberships of one list (all lists when undefined), newest first. */
    async activeOfList(list: string | undefined, today: string): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(and(list ? eq(m.list, list) : undefined, activeMembership(today)))
        .orderBy(desc(m.since), m.id);
    },

    /** Active memberships of one subject, of the given lists only when `lists` is set. */
    async activeOfSubject(subjectId: string, lists: string[] | undefined, today: string): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(and(eq(m.subjectId, subjectId), activeMembership(today), lists ? inArray(m.list, lists) : undefined));
    },

    async membership(id: string): Promise<ListMembershipRow | undefined> {
      const [row] = await db.select().from(m).where(eq(m.id, id));
      return row;
    },

    /** Stores a report, or returns the one this unit already stored under the same reference. */
    async storeFeedback(values: FeedbackValues): Promise<MeasureFeedbackRow> {
      const [inserted] = await db.insert(fb).values(values).onConflictDoNothing().returning();
      return (
        inserted ??
        (
          await db
            .select()
            .from(fb)
            .where(and(eq(fb.unitId, values.unitId), eq(fb.reference, values.reference)))
        )[0]!
      );
    },
  };
}

export type MeasureStore = ReturnType<typeof createMeasureStore>;
