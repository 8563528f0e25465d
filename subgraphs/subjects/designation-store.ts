import { eq, inArray } from 'drizzle-orm';
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
        const results: ({ row: SubjectRow; changed: boolean } | null)[] = [];
        for (const { id, tags } of items) {
          const existing = files.get(id);
          if (!existing) results.push(null);
          else if (sameTags(existing.tags, tags)) results.push({ row: existing, changed: false });
          else {
            const [updated] = await tx.update(subjects).set({ tags, updatedAt: new Date() }).where(eq(subjects.id, id)).returning();
            files.set(id, updated!);
            results.push({ row: updated!, changed: true });
          }
        }
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
