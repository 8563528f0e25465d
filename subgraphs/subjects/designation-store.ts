import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish } from '../kit/events.js';
import { registeredEvent } from './subject-events.js';
import { designations, subjects, subjectsOutbox, type SubjectRow } from './tables.js';

/** Designation's SQL: a list in one transaction, with the events and a `designations` row per changed file. */
export function createDesignationStore(db: Db) {
  return {
    /**
     * Replaces files' tags with their events in one transaction (a designation list stands or falls whole);
     * `null` for an id no file has, `changed: false` where the tags are the same.
     */
    async designate(
      items: { id: string; tags: string[] }[],
      reason: string,
      by: string,
    ): Promise<({ row: SubjectRow; changed: boolean } | null)[]> {
      return db.transaction(async (tx) => {
        const files = new Map(
          (
            await tx
              .select()
              .from(subjects)
              .where(
                inArray(
                  subjects.id,
                  items.map((item) => item.id),
                ),
              )
              .for('update')
          ).map((row) => [row.id, row]),
        );
        const toChange = items.filter(({ id, tags }) => {
          const existing = files.get(id);
          return existing && !sameTags(existing.tags, tags);
        });
        // One statement for the whole list, however long: the ids and their tags travel as one JSON parameter.
        const updated = toChange.length
          ? await tx
              .update(subjects)
              .set({
                tags: sql`(select wanted.tags from jsonb_to_recordset(${JSON.stringify(toChange)}::jsonb) as wanted(id text, tags text[]) where wanted.id = ${subjects.id})`,
                updatedAt: new Date(),
              })
              .where(
                inArray(
                  subjects.id,
                  toChange.map((item) => item.id),
                ),
              )
              .returning()
          : [];
        for (const row of updated) files.set(row.id, row);
        const updatedIds = new Set(updated.map((row) => row.id));
        const results = items.map(({ id }) => {
          const row = files.get(id);
          return row ? { row, changed: updatedIds.has(id) } : null;
        });
        const changed = results.flatMap((result) => (result?.changed ? [result.row] : []));
        if (changed.length) await tx.insert(designations).values(changed.map((row) => ({ subjectId: row.id, tags: row.tags, reason, by })));
        await publish(tx, subjectsOutbox, changed.map(registeredEvent));
        return results;
      });
    },
  };
}

const sameTags = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

export type DesignationStore = ReturnType<typeof createDesignationStore>;
