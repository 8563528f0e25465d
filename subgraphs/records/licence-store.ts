import { and, desc, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { SubjectSeen } from '../kit/event-contracts.js';
import type { Tx } from '../kit/events.js';
import { appendRows, insertRows, updateRows } from './row-sets.js';
import { unitKey, writeBatchOrEach, writeIdempotently, type WriteResult } from './idempotent-write.js';
import { subjectSeenEvent } from './record-events.js';
import { administrativeLicences as l, recordsOutbox, type LicenceRow, type NewLicenceRow } from './tables.js';

/** A licence to store, as licence.ts checked it (prepareLicence): its row with the content hash, and its subject. */
export interface LicenceSubmission {
  subject: SubjectSeen;
  values: NewLicenceRow & { contentHash: string };
}

const newestFirst = [desc(l.decisionDate), desc(l.id)];

/** The SQL of administrative licences: idempotent on (unit, decision number); callers pass the visibility filter. */
export function createLicenceStore(db: Db) {
  async function writeBatch(tx: Tx, items: LicenceSubmission[]) {
    const results = await writeIdempotently<LicenceSubmission, LicenceRow>(items, {
      keyOf: (item) => unitKey(item.values.reportingUnitId, item.values.decisionNumber),
      rowKey: (row) => unitKey(row.reportingUnitId, row.decisionNumber),
      hashOf: (item) => item.values.contentHash,
      rowHash: (row) => row.contentHash,
      insert: (ordered) =>
        insertRows<LicenceRow>(
          tx,
          l,
          ordered.map((item) => item.values),
          true,
        ),
      lock: (pending) => {
        const numbers = [...new Set(pending.map((item) => item.values.decisionNumber))];
        const units = [...new Set(pending.map((item) => item.values.reportingUnitId))];
        return tx
          .select()
          .from(l)
          .where(and(inArray(l.reportingUnitId, units), inArray(l.decisionNumber, numbers)))
          .orderBy(l.reportingUnitId, l.decisionNumber)
          .for('update');
      },
      correct: (changes) => {
        const updatedAt = new Date();
        return updateRows<LicenceRow>(
          tx,
          l,
          'id',
          changes.map(({ existing, item }) => ({ ...item.values, id: existing.id, version: existing.version + 1, updatedAt })),
        );
      },
    });
    // A subject first met here opens its credit file exactly as one met in a record report does.
    await appendRows(
      tx,
      recordsOutbox,
      results.flatMap((result, i) => (result.outcome === 'DUPLICATE' ? [] : [subjectSeenEvent(items[i]!.subject)])),
    );
    return results;
  }

  return {
    /** Stores a batch; one item that cannot be stored never undoes or blocks the others. */
    submit(items: LicenceSubmission[]): Promise<WriteResult<LicenceRow>[]> {
      return writeBatchOrEach(db, items, writeBatch);
    },

    async licencesByIds(ids: readonly string[], visible: SQL | undefined): Promise<LicenceRow[]> {
      return db
        .select()
        .from(l)
        .where(and(inArray(l.id, [...ids]), visible));
    },

    /** Newest decision first. */
    async licencesOfSubjects(subjectIds: readonly string[], visible: SQL | undefined): Promise<LicenceRow[]> {
      return db
        .select()
        .from(l)
        .where(and(inArray(l.subjectId, [...subjectIds]), visible))
        .orderBy(...newestFirst);
    },

    /** Bulk load for the demo data (the subjects are registered by the seed itself); units report through reportLicences. */
  };
}

export type LicenceStore = ReturnType<typeof createLicenceStore>;
