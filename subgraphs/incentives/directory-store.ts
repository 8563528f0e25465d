import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Tx } from '../kit/events.js';
import { subjectFacts, units, type SubjectFactRow, type UnitRow } from './tables.js';

/** The SQL of what incentives keeps of the subjects subgraph: subjects' kind and tags, and the units. */

/** A unit as `unit.registered` announces it: a new one is added, a known one takes the new name and kind. */
export async function upsertUnit(tx: Tx, unit: UnitRow): Promise<void> {
  const { name, kind } = unit;
  await tx.insert(units).values(unit).onConflictDoUpdate({ target: units.id, set: { name, kind } });
}

export function createDirectoryStore(db: Db) {
  return {
    async subjectFacts(subjectIds: readonly string[]): Promise<SubjectFactRow[]> {
      return db
        .select()
        .from(subjectFacts)
        .where(inArray(subjectFacts.subjectId, [...subjectIds]));
    },

    async unit(id: string): Promise<UnitRow | undefined> {
      const [row] = await db.select().from(units).where(eq(units.id, id));
      return row;
    },
  };
}

export type DirectoryStore = ReturnType<typeof createDirectoryStore>;
