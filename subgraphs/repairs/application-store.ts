import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish } from '../kit/events.js';
import { hashQueryCode, withFreshNumber } from './case-numbers.js';
import { repairApprovedEvent } from './repair-events.js';
import { OPEN_STATES, type RepairState } from './rules.js';
import {
  recordProjection,
  repairApplications,
  repairsOutbox,
  stateChanges,
  subjectProjection,
  type RepairApplicationRow,
} from './tables.js';

/** The SQL of the repair workflow: numbering, filing, moving between states, and the approval event. */
export function createApplicationStore(db: Db) {
  return {
    async record(recordId: string) {
      const [row] = await db.select().from(recordProjection).where(eq(recordProjection.recordId, recordId));
      return row ?? null;
    },

    async subjectTags(subjectId: string): Promise<string[]> {
      const [row] = await db
        .select({ tags: subjectProjection.tags })
        .from(subjectProjection)
        .where(eq(subjectProjection.subjectId, subjectId));
      return row?.tags ?? [];
    },

    /**
     * Files an application unless one is already open for the record (checked under the record's lock), and
     * only while the record still names the applicant's subject: the projection row is locked, so a
     * correction that moves the record waits for this filing (and then ends it) or is seen by it.
     */
    async file(
      values: Omit<typeof repairApplications.$inferInsert, 'number' | 'queryCodeHash'>,
      queryCode: string,
      day: string,
      by: string,
    ) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`repair:${values.recordId}`}))`);
        const [held] = await tx
          .select({ subjectId: recordProjection.subjectId })
          .from(recordProjection)
          .where(eq(recordProjection.recordId, values.recordId))
          .for('update');
        if (!held || held.subjectId !== values.subjectId) return { moved: true } as const;
        const open = await tx
          .select({ number: repairApplications.number })
          .from(repairApplications)
          .where(and(eq(repairApplications.recordId, values.recordId), inArray(repairApplications.state, OPEN_STATES)));
        if (open.length) return { duplicateOf: open[0]!.number } as const;
        const row = await withFreshNumber('XF', day, async (number) => {
          const [inserted] = await tx
            .insert(repairApplications)
            .values({ ...values, number, queryCodeHash: hashQueryCode(number, queryCode) })
            .onConflictDoNothing({ target: repairApplications.number })
            .returning();
          return inserted;
        });
        await tx.insert(stateChanges).values({ caseId: row.id, state: 'SUBMITTED', by, at: row.submittedAt });
        return { row } as const;
      });
    },

    /** Moves an application if it is still in `from`; an approval publishes its effect on the record. */
    async move(
      id: string,
      from: RepairState,
      to: RepairState,
      changes: Partial<typeof repairApplications.$inferInsert>,
      by: string,
      reason: string | null,
      approvedOn?: string,
    ) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(repairApplications)
          .set({ ...changes, state: to })
          .where(and(eq(repairApplications.id, id), eq(repairApplications.state, from)))
          .returning();
        if (!row) return null;
        await tx.insert(stateChanges).values({ caseId: id, state: to, by, reason, at: new Date() });
        if (to === 'APPROVED') await publish(tx, repairsOutbox, [repairApprovedEvent(row, approvedOn!)]);
        return row;
      });
    },

    async byId(id: string): Promise<RepairApplicationRow | null> {
      const [row] = await db.select().from(repairApplications).where(eq(repairApplications.id, id));
      return row ?? null;
    },

    /** Open applications past their time limit (the caller computes how late in working days). */
    async open(): Promise<RepairApplicationRow[]> {
      return db
        .select()
        .from(repairApplications)
        .where(inArray(repairApplications.state, OPEN_STATES))
        .orderBy(repairApplications.submittedAt);
    },
  };
}

export type ApplicationStore = ReturnType<typeof createApplicationStore>;
