import type { RecordFacts } from '../kit/event-contracts.js';
import { dispatcher, eventsOf } from '../kit/event-map.js';
import { applySubjectRegistered, applySubjectsRegistered } from '../kit/subject-directory.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { endCasesOfFormerSubjects, noteCorrectionsReceived, recordsWithCases, upsertRecord, upsertRecords } from './projection-store.js';
import { repairsCursors, subjectProjection } from './tables.js';

/**
 * What repairs consumes: records' events keep its view of each record (record_projection) and end or note
 * what a record's change does to the cases about it; subjects' events keep the subjects' kinds and tags. The
 * events repairs publishes are built in repair-events.ts.
 */

/**
 * Keeps repairs' view of each record current from records' events. A version older than the one held
 * is ignored, so a replayed or late event never rolls a record back. Every column follows a correction,
 * the subject included: eligibility and "the subject applies for its own record" read the projection.
 * The status is the one records shows: EXPIRED once the period ended, ACTIVE once a deferral ended (records'
 * sweep announces both with the version unchanged, so they apply).
 */
async function project(tx: Tx, record: RecordFacts): Promise<void> {
  await upsertRecord(tx, record);
  await endCasesOfFormerSubjects(tx, record.id);
  await noteCorrectionsReceived(tx, record);
}

/**
 * A page of record events in a few statements, with the effect of `project` applied to each in turn: the
 * latest version of each record is upserted at once, and only the records that have open cases of a former
 * subject or a correction awaited are looked at one by one. A page with an event older than `repairable`
 * (which leaves the held value) is applied event by event.
 */
async function projectPage(tx: Tx, events: FeedEvent[]): Promise<void> {
  const facts = eventsOf(events, 'record.created', 'record.changed').map((event) => event.payload);
  if (!facts.length) return;
  if (facts.some((record) => record.repairable === undefined)) {
    for (const record of facts) await project(tx, record);
    return;
  }
  const latest = new Map<string, RecordFacts>();
  for (const record of facts) {
    const held = latest.get(record.id);
    if (held && held.version > record.version) continue;
    latest.delete(record.id);
    latest.set(record.id, record);
  }
  const records = [...latest.values()];
  await upsertRecords(tx, records);
  for (const recordId of await recordsWithCases(
    tx,
    records.map((record) => record.id),
  )) {
    await endCasesOfFormerSubjects(tx, recordId);
    await noteCorrectionsReceived(tx, latest.get(recordId)!);
  }
}

export const REPAIRS_CONSUMES: Consumption[] = [
  {
    producer: 'subjects',
    cursors: repairsCursors,
    apply: (tx: Tx, event: FeedEvent) => applySubjectRegistered(tx, subjectProjection, event),
    applyBatch: (tx: Tx, events: FeedEvent[]) => applySubjectsRegistered(tx, subjectProjection, events),
  },
  {
    producer: 'records',
    cursors: repairsCursors,
    apply: dispatcher({ 'record.created': project, 'record.changed': project }),
    applyBatch: projectPage,
  },
];
