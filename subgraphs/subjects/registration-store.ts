import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { log } from '../kit/log.js';
import { publish, type Tx } from '../kit/events.js';
import { registeredEvent } from './subject-events.js';
import { subjects, subjectsOutbox, type NewSubjectRow, type SubjectRow } from './tables.js';

/** What registration decided for one file (registration.ts Decision), as far as the store writes it. */
export type FileWrite =
  | { outcome: 'CREATED'; row: NewSubjectRow }
  | { outcome: 'UPDATED'; values: Partial<NewSubjectRow> }
  | { outcome: 'UNCHANGED' | 'REJECTED' };

export interface Registered<D extends FileWrite> {
  decision: D;
  row: SubjectRow | null;
}

/** Consumers keep only what subject.registered carries (kind, town, tags): a new name is no news to them. */
const carries = (row: SubjectRow): string => JSON.stringify(registeredEvent(row).payload);

async function lockedFile(tx: Tx, id: string): Promise<SubjectRow | null> {
  const [row] = await tx.select().from(subjects).where(eq(subjects.id, id)).for('update');
  return row ?? null;
}

/** Registration's SQL: one item a transaction, so one that fails undoes nothing of the others. */
export function createRegistrationStore(db: Db) {
  return {
    /** Files as they are now, unlocked: an item that would change nothing needs no transaction at all. */
    async filesByIds(ids: string[]): Promise<SubjectRow[]> {
      return ids.length ? db.select().from(subjects).where(inArray(subjects.id, ids)) : [];
    },

    /**
     * A call's files written set-based in one transaction: the files locked in one read, the new ones inserted
     * in one statement, the events in one. Null — and nothing written — when a file was opened by someone else
     * between the read and the insert, or a statement failed: the caller then writes item by item
     * (`batch` + `register`), where each is decided again and a failing one undoes only itself.
     */
    async registerAll<D extends FileWrite>(
      items: { id: string; decide(existing: SubjectRow | null): D }[],
    ): Promise<Registered<D>[] | null> {
      const concurrent = new Error('a file was opened meanwhile');
      try {
        return await db.transaction(async (tx) => {
          const ids = items.map((item) => item.id);
          const locked = new Map(
            (await tx.select().from(subjects).where(inArray(subjects.id, ids)).for('update')).map((row) => [row.id, row]),
          );
          const decided = items.map((item) => ({
            existing: locked.get(item.id) ?? null,
            decision: item.decide(locked.get(item.id) ?? null),
          }));
          const creates = decided.flatMap(({ decision }) => (decision.outcome === 'CREATED' ? [decision.row] : []));
          const inserted = creates.length ? await tx.insert(subjects).values(creates).onConflictDoNothing().returning() : [];
          if (inserted.length !== creates.length) throw concurrent;
          const written = new Map(inserted.map((row) => [row.id, row]));
          const events = inserted.map(registeredEvent);
          for (const { existing, decision } of decided) {
            if (decision.outcome !== 'UPDATED' || !existing) continue;
            const [updated] = await tx
              .update(subjects)
              .set({ ...decision.values, updatedAt: new Date() })
              .where(eq(subjects.id, existing.id))
              .returning();
            if (!updated) throw new Error(`credit file ${existing.id} vanished while locked`);
            written.set(updated.id, updated);
            if (carries(updated) !== carries(existing)) events.push(registeredEvent(updated));
          }
          await publish(tx, subjectsOutbox, events);
          return decided.map(({ existing, decision }, i) => ({ decision, row: written.get(items[i]!.id) ?? existing }));
        });
      } catch (error) {
        if (error !== concurrent) log.warn({ err: error, items: items.length }, 'registration batch refused; writing item by item');
        return null;
      }
    },

    /** One call's writes in one transaction, each item in a savepoint of it (`register(…, within)`). */
    batch<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction(run);
    },

    /**
     * Reads the file locked, asks `decide` what to write, and writes it with its event in one transaction —
     * or, `within` a call's transaction, in a savepoint of it, so an item that fails undoes only itself.
     * A file opened by a `subject.seen` between the read and the insert is decided again, as an update.
     */
    async register<D extends FileWrite>(id: string, decide: (existing: SubjectRow | null) => D, within?: Tx): Promise<Registered<D>> {
      return (within ?? db).transaction(async (tx) => {
        let existing = await lockedFile(tx, id);
        let decision = decide(existing);
        if (decision.outcome === 'CREATED') {
          const [created] = await tx.insert(subjects).values(decision.row).onConflictDoNothing().returning();
          if (created) {
            await publish(tx, subjectsOutbox, [registeredEvent(created)]);
            return { decision, row: created };
          }
          existing = await lockedFile(tx, id);
          if (!existing) throw new Error(`credit file ${id} could not be inserted nor found: its credit code belongs to another file`);
          decision = decide(existing);
        }
        if (decision.outcome !== 'UPDATED' || !existing) return { decision, row: existing };
        const [updated] = await tx
          .update(subjects)
          .set({ ...decision.values, updatedAt: new Date() })
          .where(eq(subjects.id, id))
          .returning();
        if (!updated) throw new Error(`credit file ${id} vanished while locked`);
        if (carries(updated) !== carries(existing)) await publish(tx, subjectsOutbox, [registeredEvent(updated)]);
        return { decision, row: updated };
      });
    },
  };
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>;
