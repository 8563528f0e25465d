import type { UnitRegistered } from '../kit/event-contracts.js';
import { applySubjectsRegistered } from '../kit/subject-directory.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { projectRecords, reassessSubjects } from './consequences.js';
import { incentivesCursors, subjectFacts, units } from './tables.js';

const isRecordEvent = (event: FeedEvent): boolean => event.type === 'record.created' || event.type === 'record.changed';

/** A page of records' events: project them all, then reassess each subject they touch once. */
async function applyRecordPage(tx: Tx, events: FeedEvent[]): Promise<void> {
  const subjects = await projectRecords(tx, events.filter(isRecordEvent));
  await reassessSubjects(tx, subjects);
}

async function applySubjectEvents(tx: Tx, events: FeedEvent[]): Promise<void> {
  await applySubjectsRegistered(tx, subjectFacts, events);
  for (const event of events) {
    if (event.type !== 'unit.registered') continue;
    const { unitId, name, kind } = event.payload as unknown as UnitRegistered;
    await tx.insert(units).values({ id: unitId, name, kind }).onConflictDoUpdate({ target: units.id, set: { name, kind } });
  }
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
