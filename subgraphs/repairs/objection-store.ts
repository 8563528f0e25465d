import { and, eq } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { ObjectionChanged } from '../kit/event-contracts.js';
import { publish } from '../kit/events.js';
import { hashQueryCode, withFreshNumber } from './data.js';
import { objections, repairsOutbox, stateChanges, type ObjectionRow } from './tables.js';

function changedEvent(row: ObjectionRow, outcome: ObjectionChanged['outcome']) {
  const payload: ObjectionChanged = { objectionId: row.id, recordId: row.recordId, subjectId: row.subjectId, outcome };
  return { type: outcome ? 'objection.resolved' : 'objection.raised', subjectId: row.subjectId, payload: { ...payload } };
}

/** The SQL of objections: filing (the record is disputed through the event), extension, resolution. */
export function createObjectionStore(db: Db) {
  return {
    async file(values: Omit<typeof objections.$inferInsert, 'number' | 'queryCodeHash'>, queryCode: string, day: string, by: string): Promise<ObjectionRow> {
      return db.transaction(async (tx) => {
        const row = await withFreshNumber('YY', day, async (number) => {
          const [inserted] = await tx
            .insert(objections)
            .values({ ...values, number, queryCodeHash: hashQueryCode(number, queryCode) })
            .onConflictDoNothing({ target: objections.number })
            .returning();
          return inserted;
        });
        await tx.insert(stateChanges).values({ caseId: row.id, state: 'SUBMITTED', by });
        await publish(tx, repairsOutbox, [changedEvent(row, null)]);
        return row;
      });
    },

    async byId(id: string): Promise<ObjectionRow | null> {
      const [row] = await db.select().from(objections).where(eq(objections.id, id));
      return row ?? null;
    },

    /** Changes an open objection; a resolution is published so records can apply it. */
    async update(id: string, changes: Partial<typeof objections.$inferInsert>, step: { state: string; by: string; reason: string | null }, outcome: ObjectionChanged['outcome']) {
      return db.transaction(async (tx) => {
        const [row] = await tx.update(objections).set(changes).where(and(eq(objections.id, id), eq(objections.state, 'SUBMITTED'))).returning();
        if (!row) return null;
        await tx.insert(stateChanges).values({ caseId: id, ...step });
        if (outcome) await publish(tx, repairsOutbox, [changedEvent(row, outcome)]);
        return row;
      });
    },
  };
}

export type ObjectionStore = ReturnType<typeof createObjectionStore>;
