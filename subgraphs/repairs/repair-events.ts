import type { CertificateIssued, ObjectionChanged, RepairApproved } from '../kit/event-contracts.js';
import type { NewEvent } from '../kit/events.js';
import type { CertificateRow, ObjectionRow, RepairApplicationRow } from './tables.js';

/**
 * Every event repairs publishes on its log (repairs_outbox), built here and only here; the stores publish
 * them in the transaction of the write they tell of.
 */

/** 终止公示: an approved repair, for records to mark the record REPAIRED (and incentives to lift what it caused). */
export function repairApprovedEvent(row: RepairApplicationRow, approvedOn: string): NewEvent {
  const approved: RepairApproved = {
    applicationId: row.id,
    recordId: row.recordId,
    subjectId: row.subjectId,
    approvedOn,
  };
  return { type: 'repair.approved', subjectId: row.subjectId, payload: { ...approved } };
}

/** An objection raised (outcome null: the record shows DISPUTED) or resolved, for records to apply to the contested version. */
export function objectionChangedEvent(row: ObjectionRow, outcome: ObjectionChanged['outcome']): NewEvent {
  const payload: ObjectionChanged = {
    objectionId: row.id,
    recordId: row.recordId,
    subjectId: row.subjectId,
    outcome,
    recordVersion: row.recordVersion,
  };
  return { type: outcome ? 'objection.resolved' : 'objection.raised', subjectId: row.subjectId, payload: { ...payload } };
}

/** A force-majeure certificate issued: records keeps its number and period for the tolerance claims that cite it. */
export function certificateIssuedEvent(row: CertificateRow): NewEvent {
  const issued: CertificateIssued = { number: row.number, subjectId: row.subjectId, periodFrom: row.periodFrom, periodTo: row.periodTo };
  return { type: 'certificate.issued', subjectId: row.subjectId, payload: { ...issued } };
}
