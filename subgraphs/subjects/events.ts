import type { SubjectSeen } from '../kit/event-contracts.js';
import { publish, type FeedEvent, type Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { registeredEvent } from './data.js';
import { subjects, subjectsCursors, subjectsOutbox } from './tables.js';

/**
 * Opens a credit file for a subject first met in a report. An existing file is left as it is: the
 * registry's data wins over a name a unit typed.
 */
async function openCreditFile(tx: Tx, seen: SubjectSeen): Promise<void> {
  const opened = await tx
    .insert(subjects)
    .values({
      id: seen.subjectId,
      kind: seen.kind,
      name: seen.name,
      creditCode: seen.creditCode,
      creditCodeChecksumValid: seen.creditCodeChecksumValid,
      idNumberEncrypted: seen.idNumberEncrypted,
      idNumberMasked: seen.idNumberMasked,
    })
    .onConflictDoNothing()
    .returning();
  await publish(tx, subjectsOutbox, opened.map(registeredEvent));
}

export const SUBJECTS_CONSUMES: Consumption[] = [
  {
    producer: 'records',
    cursors: subjectsCursors,
    apply: async (tx: Tx, event: FeedEvent) => {
      if (event.type === 'subject.seen') await openCreditFile(tx, event.payload as unknown as SubjectSeen);
    },
  },
];
