import type { SubjectSeen } from '../kit/event-contracts.js';
import { publish, type FeedEvent, type Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { registeredEvent } from './data.js';
import { subjects, subjectsCursors, subjectsOutbox } from './tables.js';

/**
 * Opens credit files for subjects first met in reports, a page at a time. An existing file is left as it is: the
 * registry's data wins over a name a unit typed.
 */
async function openCreditFiles(tx: Tx, events: FeedEvent[]): Promise<void> {
  // The first sighting of a file opens it, as if the page were applied one event at a time.
  const first = new Map<string, SubjectSeen>();
  for (const event of events) {
    const seen = event.payload as unknown as SubjectSeen;
    if (event.type === 'subject.seen' && !first.has(seen.subjectId)) first.set(seen.subjectId, seen);
  }
  if (!first.size) return;
  const opened = await tx
    .insert(subjects)
    .values(
      [...first.values()].map((seen) => ({
        id: seen.subjectId,
        kind: seen.kind,
        name: seen.name,
        creditCode: seen.creditCode,
        creditCodeChecksumValid: seen.creditCodeChecksumValid,
        idNumberEncrypted: seen.idNumberEncrypted,
        idNumberMasked: seen.idNumberMasked,
      })),
    )
    .onConflictDoNothing()
    .returning();
  const order = [...first.keys()];
  opened.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  await publish(tx, subjectsOutbox, opened.map(registeredEvent));
}

export const SUBJECTS_CONSUMES: Consumption[] = [
  {
    producer: 'records',
    cursors: subjectsCursors,
    apply: (tx: Tx, event: FeedEvent) => openCreditFiles(tx, [event]),
    applyBatch: openCreditFiles,
  },
];
