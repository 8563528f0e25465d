import { and, eq, exists, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { RecordFacts } from '../kit/event-contracts.js';
import { applySubjectRegistered } from '../kit/subject-directory.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import type { Consumption } from '../kit/subgraph.js';
import { OPEN_STATES } from './rules.js';
import { objections, recordProjection, repairApplications, repairsCursors, stateChanges, subjectProjection } from './tables.js';

/** Who ends the cases a correction took from their subject, in their history. */
export const CORRECTION_ACTOR = 'SYSTEM:record-corrected';
export const MOVED_APPLICATION_REASON = '记录已由报送单位更正，当事人已变更为其他主体，本申请终止';
export const MOVED_OBJECTION_REASON = '记录已由报送单位更正，当事人已变更为其他主体，异议按已更正办结';

/**
 * A correction gave the record to another subject: the old subject's open cases about it end, so they
 * never act on the new subject's record (an approval would repair it, an objection dispute or withdraw
 * it) and no longer block the new subject's own application. A submitted application is NOT_ACCEPTED, an
 * accepted one DENIED, an open objection CORRECTED — each with the reason, in its history. Nothing is
 * published: the correction itself gave the record its new status in records (an objection's DISPUTED
 * does not survive it), and records ignores a case event whose subject is no longer the record's.
 * Compared with the projection as it stands, not the event, so a replayed older event ends nothing of
 * the subject the record names now, and a second pass finds nothing open.
 */
async function endCasesOfFormerSubjects(tx: Tx, recordId: string): Promise<void> {
  const a = repairApplications;
  const o = objections;
  const p = recordProjection;
  // One look-up per event, and nothing more unless another subject holds an open case about the record.
  const [current] = await tx
    .select({ subjectId: p.subjectId })
    .from(p)
    .where(
      and(
        eq(p.recordId, recordId),
        or(
          exists(tx.select({ id: a.id }).from(a).where(and(eq(a.recordId, p.recordId), ne(a.subjectId, p.subjectId), inArray(a.state, OPEN_STATES)))),
          exists(tx.select({ id: o.id }).from(o).where(and(eq(o.recordId, p.recordId), ne(o.subjectId, p.subjectId), eq(o.state, 'SUBMITTED')))),
        ),
      ),
    );
  if (!current) return;
  const now = new Date();
  const ended: { id: string; state: string; reason: string }[] = [];
  // The open states (rules.ts OPEN_STATES) and where a decider would take each: not accepted, or denied.
  for (const [from, to] of [['SUBMITTED', 'NOT_ACCEPTED'], ['ACCEPTED', 'DENIED']] as const) {
    const rows = await tx
      .update(repairApplications)
      .set({ state: to, decidedAt: now, reason: MOVED_APPLICATION_REASON })
      .where(and(eq(repairApplications.recordId, recordId), ne(repairApplications.subjectId, current.subjectId), eq(repairApplications.state, from)))
      .returning({ id: repairApplications.id });
    ended.push(...rows.map((row) => ({ id: row.id, state: to, reason: MOVED_APPLICATION_REASON })));
  }
  const objected = await tx
    .update(objections)
    .set({ state: 'CORRECTED', resolvedAt: now, outcomeReason: MOVED_OBJECTION_REASON })
    .where(and(eq(objections.recordId, recordId), ne(objections.subjectId, current.subjectId), eq(objections.state, 'SUBMITTED')))
    .returning({ id: objections.id });
  ended.push(...objected.map((row) => ({ id: row.id, state: 'CORRECTED', reason: MOVED_OBJECTION_REASON })));
  if (ended.length) await tx.insert(stateChanges).values(ended.map((row) => ({ caseId: row.id, state: row.state, by: CORRECTION_ACTOR, reason: row.reason, at: now })));
}

/**
 * Keeps repairs' view of each record current from records' events. A version older than the one held
 * is ignored, so a replayed or late event never rolls a record back. Every column follows a correction,
 * the subject included: eligibility and "the subject applies for its own record" read the projection.
 */
async function project(tx: Tx, record: RecordFacts): Promise<void> {
  const values = {
    recordId: record.id,
    subjectId: record.subjectId,
    subjectIsPerson: record.subjectIsPerson,
    category: record.category,
    kind: record.kind,
    severity: record.severity,
    status: record.status,
    decisionDate: record.decisionDate,
    minimumUntil: record.minimumUntil,
    reportingUnitId: record.reportingUnitId,
    version: record.version,
  };
  await tx
    .insert(recordProjection)
    .values(values)
    .onConflictDoUpdate({
      target: recordProjection.recordId,
      set: { ...values, updatedAt: new Date() },
      setWhere: sql`${recordProjection.version} <= ${record.version}`,
    });
  await endCasesOfFormerSubjects(tx, record.id);
  await noteCorrectionsReceived(tx, record);
}

export const CORRECTION_RECEIVED = 'CORRECTION_RECEIVED';
export const CORRECTION_RECEIVED_ACTOR = 'SYSTEM:record-resent';

/**
 * A CORRECTED objection waits on its unit until a later version of the record than the one contested
 * arrives (the unit's re-send through intake): then records shows it again, and the case notes when.
 */
async function noteCorrectionsReceived(tx: Tx, record: RecordFacts): Promise<void> {
  const now = new Date();
  const received = await tx
    .update(objections)
    .set({ correctionReceivedAt: now })
    .where(
      and(
        eq(objections.recordId, record.id),
        eq(objections.state, 'CORRECTED'),
        isNotNull(objections.correctBy),
        isNull(objections.correctionReceivedAt),
        lt(objections.recordVersion, record.version),
      ),
    )
    .returning({ id: objections.id });
  if (received.length) {
    const reason = `报送单位已报送更正后的记录（第${record.version}版），恢复按规则公示`;
    await tx.insert(stateChanges).values(received.map((row) => ({ caseId: row.id, state: CORRECTION_RECEIVED, by: CORRECTION_RECEIVED_ACTOR, reason, at: now })));
  }
}

export const REPAIRS_CONSUMES: Consumption[] = [
  {
    producer: 'subjects',
    cursors: repairsCursors,
    apply: (tx: Tx, event: FeedEvent) => applySubjectRegistered(tx, subjectProjection, event),
  },
  {
    producer: 'records',
    cursors: repairsCursors,
    apply: async (tx: Tx, event: FeedEvent) => {
      if (event.type === 'record.created' || event.type === 'record.changed') await project(tx, event.payload as unknown as RecordFacts);
    },
  },
];
