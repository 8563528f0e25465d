import type { RecordFacts, SubjectSeen } from '../kit/event-contracts.js';
import { eventOf } from '../kit/event-map.js';
import type { NewEvent } from '../kit/events.js';
import { categoryEntry } from './catalogue.js';
import { effectUntil } from './disclosure.js';
import type { CreditRecordRow } from './tables.js';

/**
 * Every event records publishes on its log (records_outbox), built here and only here; the stores publish
 * them in the transaction of the write they tell of.
 */

/** What consumers (repairs, incentives, subjects) need to know of a record, without asking records. */
export function recordEvent(type: 'record.created' | 'record.changed', row: CreditRecordRow, label: string): NewEvent {
  const payload: RecordFacts = {
    id: row.id,
    subjectId: row.subjectId,
    subjectIsPerson: row.subjectIsPerson,
    category: row.category,
    categoryLabel: label,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    decisionDate: row.decisionDate,
    minimumUntil: row.minimumUntil,
    publicUntil: row.publicUntil,
    effectUntil: effectUntil(row.kind, row.severity, row.decisionDate),
    deferredUntil: row.deferredUntil,
    reportingUnitId: row.reportingUnitId,
    version: row.version,
    // The catalogue decides repairability; repairs learns it only from here.
    repairable: categoryEntry(row.category)?.repairable ?? false,
  };
  return eventOf(type, row.subjectId, payload);
}

/** A record changed after intake (rectification, commitment, repair, objection, tolerance, sweep), labelled by its category. */
export const recordChangedEvent = (row: CreditRecordRow): NewEvent =>
  recordEvent('record.changed', row, categoryEntry(row.category)?.label ?? row.category);

/** A subject met in a report (a record or a licence) opens its credit file in the subjects subgraph. */
export const subjectSeenEvent = (subject: SubjectSeen): NewEvent => eventOf('subject.seen', subject.subjectId, subject);
