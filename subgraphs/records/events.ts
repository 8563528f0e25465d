import { and, eq, inArray, lte } from 'drizzle-orm';
import type { CertificateIssued, ObjectionChanged, RepairApproved } from '../kit/event-contracts.js';
import { applySubjectRegistered, applySubjectsRegistered } from '../kit/subject-directory.js';
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
    .where(
      and(
        eq(creditRecords.id, approved.recordId),
        eq(creditRecords.subjectId, approved.subjectId),
        inArray(creditRecords.status, ['ACTIVE', 'DISPUTED']),
      ),
    )
    .returning();
  if (repaired)
    await publish(tx, recordsOutbox, [
      recordEvent('record.changed', repaired, categoryEntry(repaired.category)?.label ?? repaired.category),
    ]);
}

/**
 * A record an objection found wrong (CORRECTED): its content is withheld at once — not public, not shared,
 * out of public reports — until the reporting unit re-sends it corrected through intake, which gives it its
 * status afresh (ACTIVE, or what tolerance decides) and a new version. The subject, the reporting unit and
 * the credit office still see it, marked.
 */
export const PENDING_CORRECTION = 'PENDING_CORRECTION';

/**
 * 异议: a raised objection shows the record DISPUTED; WITHDRAWN withdraws it, UPHELD returns it to ACTIVE,
 * CORRECTED withholds it (PENDING_CORRECTION) while it is still the version the objection contested — a
 * version re-sent since then already is the correction, and returns to ACTIVE from DISPUTED.
 */
async function applyObjection(tx: Tx, change: ObjectionChanged): Promise<void> {
  const record = and(eq(creditRecords.id, change.recordId), eq(creditRecords.subjectId, change.subjectId));
  const move = async (from: string[], to: string, contested = false) => {
    const [changed] = await tx
      .update(creditRecords)
      .set({ status: to, updatedAt: new Date() })
      .where(and(record, inArray(creditRecords.status, from), contested ? lte(creditRecords.version, change.recordVersion!) : undefined))
      .returning();
    if (changed)
      await publish(tx, recordsOutbox, [
        recordEvent('record.changed', changed, categoryEntry(changed.category)?.label ?? changed.category),
      ]);
    return changed;
  };
  if (change.outcome === null) await move(['ACTIVE'], 'DISPUTED');
  else if (change.outcome === 'WITHDRAWN') await move(['ACTIVE', 'DISPUTED'], 'WITHDRAWN');
  else if (change.outcome === 'CORRECTED' && change.recordVersion != null) {
    if (!(await move(['ACTIVE', 'DISPUTED'], PENDING_CORRECTION, true))) await move(['DISPUTED'], 'ACTIVE');
  } else await move(['DISPUTED'], 'ACTIVE');
}

export const RECORDS_CONSUMES: Consumption[] = [
  {
    producer: 'repairs',
    cursors: recordsCursors,
    apply: async (tx: Tx, event: FeedEvent) => {
      if (event.type === 'repair.approved') await applyRepair(tx, event.payload as unknown as RepairApproved);
      if (event.type === 'objection.raised' || event.type === 'objection.resolved')
        await applyObjection(tx, event.payload as unknown as ObjectionChanged);
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
    applyBatch: (tx: Tx, events: FeedEvent[]) => applySubjectsRegistered(tx, subjectDirectory, events),
  },
];
