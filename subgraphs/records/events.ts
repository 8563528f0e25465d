import type { SubjectRegistered } from '../kit/event-contracts.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { recordsCursors, subjectDirectory } from './tables.js';

/** Records keeps the town and kind of each subject from the subjects subgraph's events, for statistics. */
export const RECORDS_CONSUMES: Consumption[] = [
  {
    producer: 'subjects',
    cursors: recordsCursors,
    apply: async (tx: Tx, event: FeedEvent) => {
      if (event.type !== 'subject.registered') return;
      const { subjectId, kind, district } = event.payload as unknown as SubjectRegistered;
      await tx
        .insert(subjectDirectory)
        .values({ subjectId, kind, district })
        .onConflictDoUpdate({ target: subjectDirectory.subjectId, set: { kind, district, updatedAt: new Date() } });
    },
  },
];
