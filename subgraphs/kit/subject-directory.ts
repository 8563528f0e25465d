import { eventsOf } from './event-map.js';
import { sql } from 'drizzle-orm';
import { text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { SubjectRegistered } from './event-contracts.js';
import type { FeedEvent, Tx } from './events.js';
import { fromExcluded, insertFrom } from './row-sets.js';

/**
 * A subgraph's copy of what subjects publishes of each credit file (kind, town, tags; never names or
 * numbers), kept from `subject.registered` events. The same shape wherever it is kept.
 */
export function subjectDirectoryTable(schema: PgSchema, name: string) {
  return schema.table(name, {
    subjectId: text('subject_id').primaryKey(),
    kind: text('kind').notNull(),
    district: text('district'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  });
}

export type SubjectDirectoryTable = ReturnType<typeof subjectDirectoryTable>;

/** Applies a `subject.registered` event to a directory; other events are none of its business. */
export function applySubjectRegistered(tx: Tx, table: SubjectDirectoryTable, event: FeedEvent): Promise<void> {
  return applySubjectsRegistered(tx, table, [event]);
}

/**
 * A page of events in one statement: the latest event of each file wins, as if applied one by one (one
 * INSERT … ON CONFLICT may not touch a row twice, so earlier events of the same file are dropped first).
 */
export async function applySubjectsRegistered(tx: Tx, table: SubjectDirectoryTable, events: FeedEvent[]): Promise<void> {
  const latest = new Map<string, SubjectRegistered>();
  for (const { payload } of eventsOf(events, 'subject.registered')) {
    latest.delete(payload.subjectId);
    latest.set(payload.subjectId, payload);
  }
  if (!latest.size) return;
  const rows = [...latest.values()].map(({ subjectId, kind, district, tags }) => ({
    subjectId,
    kind,
    district: district ?? null,
    tags: tags ?? [],
  }));
  await tx.execute(
    sql`${insertFrom(table, rows)} on conflict (${sql.identifier(table.subjectId.name)}) do update set ${fromExcluded(table, ['kind', 'district', 'tags'])}, ${sql.identifier(table.updatedAt.name)} = now()`,
  );
}
