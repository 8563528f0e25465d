import { sql } from 'drizzle-orm';
import { text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { SubjectRegistered } from './event-contracts.js';
import type { FeedEvent, Tx } from './events.js';

/**
 * A subgraph's copy of what subjects publishes of each credit file (kind, town, tags; never names or
 * numbers), kept from `subject.registered` events. The same shape wherever it is kept.
 */
export function subjectDirectoryTable(schema: PgSchema, name: string) {
  return schema.table(name, {
    subjectId: text('subject_id').primaryKey(),
    kind: text('kind').notNull(),
    district: text('district'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  });
}

export type SubjectDirectoryTable = ReturnType<typeof subjectDirectoryTable>;

/** Applies a `subject.registered` event to a directory; other events are none of its business. */
export async function applySubjectRegistered(tx: Tx, table: SubjectDirectoryTable, event: FeedEvent): Promise<void> {
  if (event.type !== 'subject.registered') return;
  const { subjectId, kind, district, tags } = event.payload as unknown as SubjectRegistered;
  const values = { kind, district: district ?? null, tags: tags ?? [] };
  await tx
    .insert(table)
    .values({ subjectId, ...values })
    .onConflictDoUpdate({ target: table.subjectId, set: { ...values, updatedAt: new Date() } });
}
