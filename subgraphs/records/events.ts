import type { ObjectionChanged, RepairApproved } from '../kit/event-contracts.js';
import { dispatcher } from '../kit/event-map.js';
import { applySubjectRegistered, applySubjectsRegistered } from '../kit/subject-directory.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import type { RecordStatus } from './disclosure.js';
import { moveRecordStatus } from './record-store.js';
import { recordsCursors, subjectDirectory } from './tables.js';
import { noteCertificate } from './tolerance-store.js';

/**
 * 终止公示、停止共享: an approved repair makes the record REPAIRED (kept in the archive, seen only by its
 * subject and the credit office), and says so on records' own log for incentives and the others. Only
 * while the record is still the applicant's: a correction may have given it to another subject after the
 * case was filed, and one subject's repair (or objection, below) never acts on another's record.
 */
async function applyRepair(tx: Tx, approved: RepairApproved): Promise<void> {
  await moveRecordStatus(tx, approved, ['ACTIVE', 'DISPUTED'], 'REPAIRED');
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
  const move = (from: RecordStatus[], to: RecordStatus, contested = false) =>
    moveRecordStatus(tx, change, from, to, contested ? change.recordVersion! : undefined);
  if (change.outcome === null) await move(['ACTIVE'], 'DISPUTED');
  else if (change.outcome === 'WITHDRAWN') await move(['ACTIVE', 'DISPUTED'], 'WITHDRAWN');
  else if (change.outcome === 'CORRECTED' && change.recordVersion != null) {
    if (!(await move(['ACTIVE', 'DISPUTED'], PENDING_CORRECTION, true))) await move(['DISPUTED'], 'ACTIVE');
  } else await move(['DISPUTED'], 'ACTIVE');
}

/** What records consumes: repairs' decisions on its records and the certificates tolerance claims cite; subjects' registrations. */
export const RECORDS_CONSUMES: Consumption[] = [
  {
    producer: 'repairs',
    cursors: recordsCursors,
    apply: dispatcher({
      'repair.approved': applyRepair,
      'objection.raised': applyObjection,
      'objection.resolved': applyObjection,
      'certificate.issued': (tx, { number, subjectId, periodFrom, periodTo }) =>
        noteCertificate(tx, { number, subjectId, periodFrom, periodTo }),
    }),
  },
  // Records keeps the town and kind of each subject from the subjects subgraph's events, for statistics.
  {
    producer: 'subjects',
    cursors: recordsCursors,
    apply: (tx: Tx, event: FeedEvent) => applySubjectRegistered(tx, subjectDirectory, event),
    applyBatch: (tx: Tx, events: FeedEvent[]) => applySubjectsRegistered(tx, subjectDirectory, events),
  },
];
