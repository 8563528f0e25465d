import { sql } from 'drizzle-orm';
import type { RecordFacts } from '../kit/event-contracts.js';
import { applySubjectRegistered } from '../kit/subject-directory.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { recordProjection, repairsCursors, subjectProjection } from './tables.js';

/**
 * Keeps repairs' view of each record current from records' events. A version older than the one held
 * is ignored, so a replayed or late event never rolls a record back.
 */
async function project(tx: Tx, record: RecordFacts): Promise<void> {
  const values = {
    recordId: record.id,
    subjectId: record.subjectId,
    subjectIsPerson: record.subjectIsPerson,
    category: record.category,
    kind: record.kind,
    severity: record.severity,
    status: record.status,
    decisionDate: record.decisionDate,
    minimumUntil: record.minimumUntil,
    reportingUnitId: record.reportingUnitId,
    version: record.version,
  };
  await tx
    .insert(recordProjection)
    .values(values)
    .onConflictDoUpdate({
      target: recordProjection.recordId,
      set: { ...values, updatedAt: new Date() },
      setWhere: sql`${recordProjection.version} <= ${record.version}`,
    });
}

export const REPAIRS_CONSUMES: Consumption[] = [
  {
    producer: 'subjects',
    cursors: repairsCursors,
    apply: (tx: Tx, event: FeedEvent) => applySubjectRegistered(tx, subjectProjection, event),
  },
  {
    producer: 'records',
    cursors: repairsCursors,
    apply: async (tx: Tx, event: FeedEvent) => {
      if (event.type === 'record.created' || event.type === 'record.changed') await project(tx, event.payload as unknown as RecordFacts);
    },
  },
];
