import { bigint, bigserial, index, text, timestamp, uniqueIndex, type PgSchema } from 'drizzle-orm/pg-core';

/**
 * The audit trail (查询留痕) every subgraph keeps in its own schema: append-only (a trigger refuses
 * UPDATE, DELETE and TRUNCATE) and hash-chained (each row's hash covers the previous row's hash).
 */
export function auditTable(schema: PgSchema) {
  return schema.table(
    'audit_log',
    {
      seq: bigserial('seq', { mode: 'number' }).primaryKey(),
      at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
      requestId: text('request_id').notNull(),
      /** Role, and unit or subject: e.g. MEMBER_UNIT:health. */
      principal: text('principal').notNull(),
      /** The caller's member unit, when it has one: the trail is searched by unit. */
      unitId: text('unit_id'),
      operation: text('operation').notNull(),
      action: text('action').notNull(),
      dataClass: text('data_class').notNull(),
      subjectIds: text('subject_ids').array().notNull(),
      prevHash: text('prev_hash').notNull(),
      hash: text('hash').notNull(),
    },
    (table) => [
      index(`${schema.schemaName}_audit_at_idx`).on(table.at),
      index(`${schema.schemaName}_audit_unit_idx`).on(table.unitId),
      index(`${schema.schemaName}_audit_subjects_idx`).using('gin', table.subjectIds),
      // Each entry has at most one successor: two writers chaining onto the same head cannot both commit.
      uniqueIndex(`${schema.schemaName}_audit_prev_hash_idx`).on(table.prevHash),
    ],
  );
}

/**
 * Verified checkpoints of the trail: "the chain was intact through seq N, whose hash was H", signed with the
 * chain key when a verification found it so. The next verification starts after the latest one whose
 * signature holds and whose entry is still there unchanged, so its cost follows the new entries.
 */
export function auditCheckpointTable(schema: PgSchema) {
  return schema.table('audit_checkpoint', {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    hash: text('hash').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }).notNull(),
    signature: text('signature').notNull(),
  });
}
