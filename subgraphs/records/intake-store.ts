import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { copyRows, wholeRow } from '../kit/copy-rows.js';
import type { Db } from '../kit/db.js';
import type { SubjectSeen } from '../kit/event-contracts.js';
import type { Tx } from '../kit/events.js';
import { unitKey, writeBatchOrEach, writeNewRowsFirst, type WriteOutcome, type WriteResult } from './idempotent-write.js';
import { recordChangedEvent, recordEvent, subjectSeenEvent } from './record-events.js';
import { creditRecords, recordsOutbox, recordVersions, type CreditRecordRow, type NewCreditRecordRow } from './tables.js';
import { appendRows, lockByUnitKey, rowsFrom, textArray, updateRows } from '../kit/row-sets.js';

export type ReportOutcome = WriteOutcome;

/**
 * One report to store, as intake (intake.ts) prepared it: the unit's own document number identifies it, the
 * hash tells a re-send from a correction, and intake says which columns it writes.
 */
export interface Submission {
  unitId: string;
  unitReference: string;
  contentHash: string;
  /** The commitment (信用承诺) this dishonesty breaches, checked to be one of the same subject. */
  breachesCommitment: string | null;
  /** The subject the report names: one first met opens its credit file (subject.seen). */
  subject: SubjectSeen;
  /** The category's label, carried by the record's events. */
  label: string;
  /** The columns of a new record. */
  created(): NewCreditRecordRow;
  /** The columns a changed re-send sets on the stored row, read locked (its version and history: the store). */
  corrected(existing: CreditRecordRow): Partial<NewCreditRecordRow>;
}

export type SubmissionResult = WriteResult<CreditRecordRow>;

/** Intake's SQL: idempotent on (unit, document number); corrections keep the replaced version. One statement per table per batch. */
export function createIntakeStore(db: Db) {
  /** Changed re-sends: the old versions go to the history, the rows take the new content. */
  async function correct(tx: Tx, changes: { existing: CreditRecordRow; item: Submission }[], by: string): Promise<CreditRecordRow[]> {
    await appendRows(
      tx,
      recordVersions,
      changes.map(({ existing }) => {
        const { id: _id, reportedAt: _at, updatedAt: _u, ...previous } = existing;
        return { recordId: existing.id, version: existing.version, content: previous, replacedBy: by };
      }),
    );
    const updatedAt = new Date();
    return updateRows<CreditRecordRow>(
      tx,
      creditRecords,
      'id',
      changes.map(({ existing, item }) => ({ id: existing.id, ...item.corrected(existing), version: existing.version + 1, updatedAt })),
    );
  }

  /**
   * The whole batch in one transaction (idempotent-write.ts): new records built whole and COPYed, then
   * breached commitments and the events (COPYed too).
   */
  async function writeBatch(tx: Tx, items: Submission[], by: string) {
    const now = new Date();
    const results = await writeNewRowsFirst<Submission, CreditRecordRow>(items, {
      keyOf: (item) => unitKey(item.unitId, item.unitReference),
      rowKey: (row) => unitKey(row.reportingUnitId, row.unitReference),
      hashOf: (item) => item.contentHash,
      rowHash: (row) => row.contentHash,
      build: (item) =>
        wholeRow<CreditRecordRow>(creditRecords, { ...item.created(), id: randomUUID(), version: 1, reportedAt: now, updatedAt: now }),
      store: (rows) => copyRows(tx, creditRecords, rows),
      lock: (pending) =>
        lockByUnitKey<CreditRecordRow>(
          tx,
          creditRecords,
          { unit: creditRecords.reportingUnitId, reference: creditRecords.unitReference },
          pending.map((item) => ({ unitId: item.unitId, reference: item.unitReference, key: unitKey(item.unitId, item.unitReference) })),
        ),
      correct: (changes) => correct(tx, changes, by),
    });
    const breached = await markBreaches(tx, results, items);
    // A subject's first sighting opens its file and later ones change nothing (subjects/events.ts): one per
    // subject per batch, before the first of its records' events, as the consumer would have taken it.
    const sighted = new Set<string>();
    const events = results.flatMap((result, i) => {
      if (result.outcome !== 'CREATED' && result.outcome !== 'CORRECTED') return [];
      const { subject, label } = items[i]!;
      const record = recordEvent(result.outcome === 'CREATED' ? 'record.created' : 'record.changed', result.row, label);
      if (sighted.has(subject.subjectId)) return [record];
      sighted.add(subject.subjectId);
      return [subjectSeenEvent(subject), record];
    });
    // The batch's events in one insert (publish's rows, as one set).
    await copyRows(tx, recordsOutbox, [...events, ...breached.map((row) => recordChangedEvent(row))]);
    return results;
  }

  /**
   * A dishonesty record that breaches a commitment marks the commitment BREACHED and links the two, in one
   * statement for the batch. Every breach keeps its own link (breach_of_record_id); the commitment's
   * breach_record_id stays the first one: the one stored before, or the batch's first breach of the same subject.
   */
  async function markBreaches(
    tx: Tx,
    results: { outcome: string; row: CreditRecordRow }[],
    items: Submission[],
  ): Promise<CreditRecordRow[]> {
    const breaches = results.flatMap((result, i) => {
      const commitmentId = items[i]!.breachesCommitment;
      return commitmentId && (result.outcome === 'CREATED' || result.outcome === 'CORRECTED')
        ? [{ commitmentId, recordId: result.row.id, subjectId: result.row.subjectId }]
        : [];
    });
    if (!breaches.length) return [];
    const r = creditRecords;
    const list = (values: string[]) => sql`${textArray(values)}::text[]`;
    const result = await tx.execute(sql`
      with breach as (
        select distinct on (b.commitment_id) b.commitment_id, b.record_id
        from unnest(${list(breaches.map((b) => b.commitmentId))}, ${list(breaches.map((b) => b.recordId))},
          ${list(breaches.map((b) => b.subjectId))}) with ordinality as b(commitment_id, record_id, subject_id, ord)
        join ${r} c on c.id = b.commitment_id::uuid and c.kind = 'COMMITMENT' and c.subject_id = b.subject_id
        order by b.commitment_id, b.ord
      )
      update ${r} as c set commitment_status = 'BREACHED', breach_record_id = coalesce(c.breach_record_id, breach.record_id::uuid),
        updated_at = ${new Date().toISOString()}::timestamptz
      from breach where c.id = breach.commitment_id::uuid
      returning c.*`);
    return rowsFrom<CreditRecordRow>(creditRecords, result);
  }

  return {
    /** Stores a batch; one item that cannot be stored never undoes or blocks the others. */
    submit(items: Submission[], by: string): Promise<SubmissionResult[]> {
      return writeBatchOrEach(db, items, (tx, batch) => writeBatch(tx, batch, by));
    },

    /** Commitments by id, to check a breach names one of the same subject before anything is written. */
    async commitments(ids: readonly string[]): Promise<CreditRecordRow[]> {
      if (!ids.length) return [];
      return db
        .select()
        .from(creditRecords)
        .where(inArray(creditRecords.id, [...ids]));
    },

    /** Earlier versions of corrected records, oldest first. */
    async versionsOf(recordIds: readonly string[]) {
      return db
        .select()
        .from(recordVersions)
        .where(inArray(recordVersions.recordId, [...recordIds]))
        .orderBy(recordVersions.recordId, recordVersions.version);
    },
  };
}

export type IntakeStore = ReturnType<typeof createIntakeStore>;
