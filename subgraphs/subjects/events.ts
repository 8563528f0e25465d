import type { SubjectSeen } from '../kit/event-contracts.js';
import { eventsOf } from '../kit/event-map.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { openCreditFiles } from './subject-store.js';
import { subjectsCursors } from './tables.js';

/**
 * Opens credit files for subjects first met in reports, a page at a time. An existing file is left as it is: the
 * registry's data wins over a name a unit typed.
 */
async function applySightings(tx: Tx, events: FeedEvent[]): Promise<void> {
  // The first sighting of a file opens it, as if the page were applied one event at a time.
  const first = new Map<string, SubjectSeen>();
  for (const { payload: seen } of eventsOf(events, 'subject.seen')) if (!first.has(seen.subjectId)) first.set(seen.subjectId, seen);
  await openCreditFiles(tx, [...first.values()]);
}

export const SUBJECTS_CONSUMES: Consumption[] = [
  {
    producer: 'records',
    cursors: subjectsCursors,
    apply: (tx: Tx, event: FeedEvent) => applySightings(tx, [event]),
    applyBatch: applySightings,
  },
];
