import { eq } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { notFound } from '../kit/errors.js';
import { publish } from '../kit/events.js';
import { asUuid } from '../kit/ids.js';
import { categoryEntry } from './catalogue.js';
import { recordEvent } from './intake-store.js';
import { creditRecords, recordsOutbox, type CreditRecordRow } from './tables.js';

type RecordChange = Partial<typeof creditRecords.$inferInsert>;

/** Rectification's SQL: one record read for update, changed by the rule given, and the change published. */
export function createRectificationStore(db: Db) {
  return {
    /**
     * Loads the record locked, applies `decide` (null: nothing to change) and publishes the change in the same
     * transaction. A refusal thrown by `decide` (who may, what may change) rolls everything back.
     */
    async change(
      recordId: string,
      decide: (row: CreditRecordRow) => RecordChange | null,
    ): Promise<{ row: CreditRecordRow; changed: boolean }> {
      const id = asUuid(recordId);
      if (!id) throw notFound(`credit record ${recordId}`);
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(creditRecords).where(eq(creditRecords.id, id)).for('update');
        if (!row) throw notFound(`credit record ${recordId}`);
        const change = decide(row);
        if (!change) return { row, changed: false };
        const [updated] = await tx
          .update(creditRecords)
          .set({ ...change, updatedAt: new Date() })
          .where(eq(creditRecords.id, id))
          .returning();
        await publish(tx, recordsOutbox, [
          recordEvent('record.changed', updated!, categoryEntry(updated!.category)?.label ?? updated!.category),
        ]);
        return { row: updated!, changed: true };
      });
    },
  };
}

export type RectificationStore = ReturnType<typeof createRectificationStore>;
