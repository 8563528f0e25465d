import { and, asc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { ObjectionChanged } from '../kit/event-contracts.js';
import { publish } from '../kit/events.js';
import { hashQueryCode, withFreshNumber } from './case-numbers.js';
import { objectionChangedEvent } from './repair-events.js';
import { objections, recordProjection, repairsOutbox, stateChanges, type ObjectionRow } from './tables.js';

/** An objection still waiting on its reporting unit: under verification, or CORRECTED with the corrected record not yet sent. */
export const awaitingCorrection = () =>
  and(eq(objections.state, 'CORRECTED'), isNotNull(objections.correctBy), isNull(objections.correctionReceivedAt));

/** The SQL of objections: filing (the record is disputed through the event), extension, resolution. */
export function createObjectionStore(db: Db) {
  return {
    /**
     * Files an objection unless one is already open on the record. The check and the insert run under a
     * transaction-scoped advisory lock on the record, so of two objections raised at once one is filed and
     * the other sees it (PostgreSQL and PGlite alike).
     */
    async file(values: Omit<typeof objections.$inferInsert, 'number' | 'queryCodeHash'>, queryCode: string, day: string, by: string) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`objection:${values.recordId}`}))`);
        const [open] = await tx
          .select({ number: objections.number })
          .from(objections)
          .where(and(eq(objections.recordId, values.recordId), eq(objections.state, 'SUBMITTED')))
          .limit(1);
        if (open) return { openNumber: open.number } as const;
        const row = await withFreshNumber('YY', day, async (number) => {
          const [inserted] = await tx
            .insert(objections)
            .values({ ...values, number, queryCodeHash: hashQueryCode(number, queryCode) })
            .onConflictDoNothing({ target: objections.number })
            .returning();
          return inserted;
        });
        await tx.insert(stateChanges).values({ caseId: row.id, state: 'SUBMITTED', by, at: row.submittedAt });
        await publish(tx, repairsOutbox, [objectionChangedEvent(row, null)]);
        return { row } as const;
      });
    },

    async byId(id: string): Promise<ObjectionRow | null> {
      const [row] = await db.select().from(objections).where(eq(objections.id, id));
      return row ?? null;
    },

    /** The version of the record repairs holds now (a correction raises it). */
    async recordVersion(recordId: string): Promise<number | null> {
      const [row] = await db
        .select({ version: recordProjection.version })
        .from(recordProjection)
        .where(eq(recordProjection.recordId, recordId));
      return row?.version ?? null;
    },

    /** Changes an open objection; a resolution is published so records can apply it. */
    async update(
      id: string,
      changes: Partial<typeof objections.$inferInsert>,
      step: { state: string; by: string; reason: string | null },
      outcome: ObjectionChanged['outcome'],
    ) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(objections)
          .set(changes)
          .where(and(eq(objections.id, id), eq(objections.state, 'SUBMITTED')))
          .returning();
        if (!row) return null;
        await tx.insert(stateChanges).values({ caseId: id, at: new Date(), ...step });
        if (outcome) await publish(tx, repairsOutbox, [objectionChangedEvent(row, outcome)]);
        return row;
      });
    },

    /** Objections past their limit: under verification after verifyBy, or awaiting the corrected record after correctBy. */
    async overdue(unitId: string | null, today: string): Promise<ObjectionRow[]> {
      return db
        .select()
        .from(objections)
        .where(
          and(
            unitId === null ? undefined : eq(objections.reportingUnitId, unitId),
            or(
              and(eq(objections.state, 'SUBMITTED'), lt(objections.verifyBy, today)),
              and(awaitingCorrection(), lt(objections.correctBy, today)),
            ),
          ),
        )
        .orderBy(asc(objections.submittedAt));
    },
  };
}

export type ObjectionStore = ReturnType<typeof createObjectionStore>;
