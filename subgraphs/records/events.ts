import { and, eq, inArray } from 'drizzle-orm';
import type { CertificateIssued, ObjectionChanged, RepairApproved } from '../kit/event-contracts.js';
import { applySubjectRegistered } from '../kit/subject-directory.js';
import { publish, type FeedEvent, type Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { categoryEntry } from './catalogue.js';
import { recordEvent } from './intake-store.js';
import { certificateDirectory, creditRecords, recordsCursors, recordsOutbox, subjectDirectory } from './tables.js';

/** Records keeps the town and kind of each subject from the subjects subgraph's events, for statistics. */
/**
 * 终止公示、停止共享: an approved repair makes the record REPAIRED (kept in the archive, seen only by its
 * subject and the credit office), and says so on records' own log for incentives and the others. Only
 * while the record is still the applicant's: a correction may have given it to another subject after the
 * case was filed, and one subject's repair (or objection, below) never acts on another's record.
 */
async function applyRepair(tx: Tx, approved: RepairApproved): Promise<void> {
  const [repaired] = await tx
    .update(creditRecords)
    .set({ status: 'REPAIRED', updatedAt: new Date() })
    .where(and(eq(creditRecords.id, approved.recordId), eq(creditRecords.subjectId, approved.subjectId), inArray(creditRecords.status, ['ACTIVE', 'DISPUTED'])))
    .returning();
  if (repaired) await publish(tx, recordsOutbox, [recordEvent('record.changed', repaired, categoryEntry(repaired.category)?.label ?? repaired.category)]);
}

/** 异议: a raised objection shows the record DISPUTED; the outcome withdraws it or returns it to ACTIVE. */
async function applyObjection(tx: Tx, change: ObjectionChanged): Promise<void> {
  const [from, to] = change.outcome === null ? [['ACTIVE'], 'DISPUTED'] : change.outcome === 'WITHDRAWN' ? [['ACTIVE', 'DISPUTED'], 'WITHDRAWN'] : [['DISPUTED'], 'ACTIVE'];
  const [changed] = await tx
    .update(creditRecords)
    .set({ status: to, updatedAt: new Date() })
    .where(and(eq(creditRecords.id, change.recordId), eq(creditRecords.subjectId, change.subjectId), inArray(creditRecords.status, from)))
    .returning();
  if (changed) await publish(tx, recordsOutbox, [recordEvent('record.changed', changed, categoryEntry(changed.category)?.label ?? changed.category)]);
}

export const RECORDS_CONSUMES: Consumption[] = [
  {
    producer: 'repairs',
    cursors: recordsCursors,
    apply: async (tx: Tx, event: FeedEvent) => {
      if (event.type === 'repair.approved') await applyRepair(tx, event.payload as unknown as RepairApproved);
      if (event.type === 'objection.raised' || event.type === 'objection.resolved') await applyObjection(tx, event.payload as unknown as ObjectionChanged);
      if (event.type === 'certificate.issued') {
        const { number, subjectId, periodFrom, periodTo } = event.payload as unknown as CertificateIssued;
        await tx.insert(certificateDirectory).values({ number, subjectId, periodFrom, periodTo }).onConflictDoNothing();
      }
    },
  },
  {
    producer: 'subjects',
    cursors: recordsCursors,
    apply: (tx: Tx, event: FeedEvent) => applySubjectRegistered(tx, subjectDirectory, event),
  },
];
