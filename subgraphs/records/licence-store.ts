import { randomUUID } from 'node:crypto';
import { and, desc, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { SubjectSeen } from '../kit/event-contracts.js';
import type { Tx } from '../kit/events.js';
import { copyRows, wholeRow } from '../kit/copy-rows.js';
import { appendRows, lockByUnitKey, updateRows } from '../kit/row-sets.js';
import { unitKey, writeBatchOrEach, writeNewRowsFirst, type WriteResult } from './idempotent-write.js';
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
    const now = new Date();
    const keyOf = (item: LicenceSubmission) => unitKey(item.values.reportingUnitId, item.values.decisionNumber);
    const results = await writeNewRowsFirst<LicenceSubmission, LicenceRow>(items, {
      keyOf,
      rowKey: (row) => unitKey(row.reportingUnitId, row.decisionNumber),
      hashOf: (item) => item.values.contentHash,
      rowHash: (row) => row.contentHash,
      build: (item) => wholeRow<LicenceRow>(l, { ...item.values, id: randomUUID(), version: 1, reportedAt: now, updatedAt: now }),
      store: (rows) => copyRows(tx, l, rows),
      lock: (pending) =>
        lockByUnitKey<LicenceRow>(
          tx,
          l,
          { unit: l.reportingUnitId, reference: l.decisionNumber },
          pending.map((item) => ({ unitId: item.values.reportingUnitId, reference: item.values.decisionNumber, key: keyOf(item) })),
        ),
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
