import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish } from '../kit/events.js';
import { unitRegisteredEvent } from './subject-events.js';
import { memberUnits, subjectsOutbox, type MemberUnitRow } from './tables.js';

/** The SQL of the member units' directory (member_units). */
export function createMemberUnitStore(db: Db) {
  /** Member units change rarely; their duties are read once a minute, not once a request. */
  let unitCache: { at: number; duties: Map<string, string[]> } | undefined;

  return {
    async unitDuties(unitId: string): Promise<string[]> {
      if (!unitCache || Date.now() - unitCache.at > 60_000) {
        const rows = await db.select({ id: memberUnits.id, duties: memberUnits.duties }).from(memberUnits);
        unitCache = { at: Date.now(), duties: new Map(rows.map((row) => [row.id, row.duties])) };
      }
      return unitCache.duties.get(unitId) ?? [];
    },

    async memberUnitsByIds(ids: readonly string[]): Promise<MemberUnitRow[]> {
      return db
        .select()
        .from(memberUnits)
        .where(inArray(memberUnits.id, [...ids]));
    },

    async allMemberUnits(): Promise<MemberUnitRow[]> {
      return db.select().from(memberUnits).orderBy(asc(memberUnits.id));
    },

    /** Ensures the units with their events; a unit already there is kept as it is. */
    async registerMemberUnits(rows: MemberUnitRow[]): Promise<void> {
      if (!rows.length) return;
      await db.transaction(async (tx) => {
        const inserted = await tx.insert(memberUnits).values(rows).onConflictDoNothing().returning();
        await publish(tx, subjectsOutbox, inserted.map(unitRegisteredEvent));
      });
    },
  };
}

export type MemberUnitStore = ReturnType<typeof createMemberUnitStore>;
