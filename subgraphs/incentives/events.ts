import { eventsOf } from '../kit/event-map.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import { applySubjectsRegistered } from '../kit/subject-directory.js';
import type { Consumption } from '../kit/subgraph.js';
import { projectRecords, reassessSubjects } from './consequences.js';
import { upsertUnit } from './directory-store.js';
import { incentivesCursors, subjectFacts } from './tables.js';

/** A page of records' events: project them all, then reassess each subject they touch once. */
async function applyRecordPage(tx: Tx, events: FeedEvent[]): Promise<void> {
  const subjects = await projectRecords(tx, eventsOf(events, 'record.created', 'record.changed'));
  await reassessSubjects(tx, subjects);
}

async function applySubjectEvents(tx: Tx, events: FeedEvent[]): Promise<void> {
  await applySubjectsRegistered(tx, subjectFacts, events);
  for (const { payload } of eventsOf(events, 'unit.registered'))
    await upsertUnit(tx, { id: payload.unitId, name: payload.name, kind: payload.kind });
}

/** Incentives turns records into consequences and needs to know subjects' kind, tags and the units. */
export const INCENTIVES_CONSUMES: Consumption[] = [
  {
    producer: 'subjects',
    cursors: incentivesCursors,
    apply: (tx, event) => applySubjectEvents(tx, [event]),
    applyBatch: applySubjectEvents,
  },
  { producer: 'records', cursors: incentivesCursors, apply: (tx, event) => applyRecordPage(tx, [event]), applyBatch: applyRecordPage },
];
