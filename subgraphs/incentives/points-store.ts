import { desc, inArray, sql } from 'drizzle-orm';
import { anyOf } from '../kit/row-sets.js';
import type { Db } from '../kit/db.js';
import type { Tx } from '../kit/events.js';
import { rowsOf } from '../kit/rows.js';
import { pointsEntries, pointsRules, type PointsEntryRow, type PointsRuleRow } from './tables.js';

/** The SQL of 娄城信用积分: the ledger (append-only) and the credit office's points table. */

/** A ledger entry to append; `at` is the booking's. */
export type NewLedgerEntry = Omit<typeof pointsEntries.$inferInsert, 'id' | 'at'>;

/** What the ledger holds for one record and one person: the sum of its entries and the basis that last priced it. */
export interface LedgerLine {
  recordId: string;
  subjectId: string;
  sum: number;
  /** Basis of the latest entry that priced the record (not a reversal). */
  basis: string | null;
}

/** Ledger lines of these records (whoever holds them) and of every record these persons hold points for. */
export async function ledgersOf(tx: Tx, recordIds: string[], personIds: string[]): Promise<LedgerLine[]> {
  const ledgers = rowsOf<{ recordId: string; subjectId: string; sum: number | string; basis: string | null }>(
    await tx.execute(sql`
      select record_id as "recordId", subject_id as "subjectId", sum(delta) as sum,
        (array_agg(basis order by at desc, id desc) filter (where entry_kind <> 'REVERSAL'))[1] as basis
      from ${pointsEntries}
      where record_id is not null and (${anyOf(pointsEntries.recordId, recordIds)} or ${anyOf(pointsEntries.subjectId, personIds)})
      group by record_id, subject_id`),
  );
  return ledgers.map((l) => ({ ...l, sum: Number(l.sum) }));
}

/** The points table in force, as basis → points. */
export async function pointsTable(tx: Tx): Promise<Record<string, number>> {
  return Object.fromEntries((await tx.select().from(pointsRules)).map((rule) => [rule.basis, rule.points]));
}

/** Appends entries to the ledger, all booked at `at`. */
export async function bookEntries(tx: Tx, entries: NewLedgerEntry[], at: Date): Promise<void> {
  for (let i = 0; i < entries.length; i += 500)
    await tx.insert(pointsEntries).values(entries.slice(i, i + 500).map((entry) => ({ ...entry, at })));
}

export function createPointsStore(db: Db) {
  return {
    /** Adds the rules not in the table yet; the credit office's changes are kept. */
    async addMissingRules(rules: { basis: string; points: number; updatedBy: string }[]): Promise<void> {
      await db.insert(pointsRules).values(rules).onConflictDoNothing();
    },

    async pointsOf(subjectIds: readonly string[]): Promise<PointsEntryRow[]> {
      return db
        .select()
        .from(pointsEntries)
        .where(inArray(pointsEntries.subjectId, [...subjectIds]))
        .orderBy(desc(pointsEntries.at), desc(pointsEntries.id));
    },

    async pointsRules(): Promise<PointsRuleRow[]> {
      return db.select().from(pointsRules).orderBy(pointsRules.basis);
    },

    async setRule(values: PointsRuleRow): Promise<PointsRuleRow> {
      const [row] = await db.insert(pointsRules).values(values).onConflictDoUpdate({ target: pointsRules.basis, set: values }).returning();
      return row!;
    },
  };
}

export type PointsStore = ReturnType<typeof createPointsStore>;
