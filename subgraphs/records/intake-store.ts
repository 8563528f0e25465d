import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { SubjectSeen } from '../kit/event-contracts.js';
import { publish, type Tx } from '../kit/events.js';
import { unitKey, writeBatchOrEach, writeIdempotently, type WriteOutcome, type WriteResult } from './idempotent-write.js';
import { recordChangedEvent, recordEvent, subjectSeenEvent } from './record-events.js';
import { creditRecords, recordsOutbox, recordVersions, type CreditRecordRow, type NewCreditRecordRow } from './tables.js';

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

/** Intake's SQL: idempotent on (unit, document number); corrections keep the replaced version. */
export function createIntakeStore(db: Db) {
  /** A changed re-send: the old version goes to the history, the row takes the new content. */
  async function correct(tx: Tx, existing: CreditRecordRow, item: Submission, by: string): Promise<CreditRecordRow> {
    const { id: _id, reportedAt: _at, updatedAt: _u, ...previous } = existing;
    await tx.insert(recordVersions).values({ recordId: existing.id, version: existing.version, content: previous, replacedBy: by });
    const [corrected] = await tx
      .update(creditRecords)
      .set({ ...item.corrected(existing), version: existing.version + 1, updatedAt: new Date() })
      .where(eq(creditRecords.id, existing.id))
      .returning();
    return corrected!;
  }

  /** The whole batch in one transaction (idempotent-write.ts), then breached commitments and the events. */
  async function writeBatch(tx: Tx, items: Submission[], by: string) {
    const results = await writeIdempotently<Submission, CreditRecordRow>(items, {
      keyOf: (item) => unitKey(item.unitId, item.unitReference),
      rowKey: (row) => unitKey(row.reportingUnitId, row.unitReference),
      hashOf: (item) => item.contentHash,
      rowHash: (row) => row.contentHash,
      insert: (ordered) =>
        tx
          .insert(creditRecords)
          .values(ordered.map((item) => item.created()))
          .onConflictDoNothing()
          .returning(),
      lock: (pending) => {
        const refs = [...new Set(pending.map((item) => item.unitReference))];
        const units = [...new Set(pending.map((item) => item.unitId))];
        return tx
          .select()
          .from(creditRecords)
          .where(and(inArray(creditRecords.reportingUnitId, units), inArray(creditRecords.unitReference, refs)))
          .for('update');
      },
      correct: (existing, item) => correct(tx, existing, item, by),
    });
    const breached = await markBreaches(tx, results, items);
    const events = results.flatMap((result, i) =>
      result.outcome === 'CREATED' || result.outcome === 'CORRECTED'
        ? [
            subjectSeenEvent(items[i]!.subject),
            recordEvent(result.outcome === 'CREATED' ? 'record.created' : 'record.changed', result.row, items[i]!.label),
          ]
        : [],
    );
    await publish(tx, recordsOutbox, [...events, ...breached.map((row) => recordChangedEvent(row))]);
    return results;
  }

  /**
   * A dishonesty record that breaches a commitment marks the commitment BREACHED and links the two. Every
   * breach keeps its own link (breach_of_record_id); the commitment's breach_record_id stays the first one.
   */
  async function markBreaches(
    tx: Tx,
    results: { outcome: string; row: CreditRecordRow }[],
    items: Submission[],
  ): Promise<CreditRecordRow[]> {
    const changed: CreditRecordRow[] = [];
    for (const [i, result] of results.entries()) {
      const commitmentId = items[i]!.breachesCommitment;
      if (!commitmentId || (result.outcome !== 'CREATED' && result.outcome !== 'CORRECTED')) continue;
      const rows = await tx
        .update(creditRecords)
        .set({
          commitmentStatus: 'BREACHED',
          breachRecordId: sql`coalesce(${creditRecords.breachRecordId}, ${result.row.id}::uuid)`,
          updatedAt: new Date(),
        })
        .where(
          and(eq(creditRecords.id, commitmentId), eq(creditRecords.kind, 'COMMITMENT'), eq(creditRecords.subjectId, result.row.subjectId)),
        )
        .returning();
      changed.push(...rows);
    }
    return changed;
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
