import { and, eq, exists, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { RecordFacts } from '../kit/event-contracts.js';
import type { Tx } from '../kit/events.js';
import { fromExcluded, insertFrom } from '../kit/row-sets.js';
import { OPEN_STATES } from './rules.js';
import { objections, recordProjection, repairApplications, stateChanges } from './tables.js';

/**
 * The SQL of repairs' projection of records (record_projection), kept from records' events, and of what a
 * record's change does to the cases about it. events.ts decides which of these an event or a page runs.
 */

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
export async function endCasesOfFormerSubjects(tx: Tx, recordId: string): Promise<void> {
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
          exists(
            tx
              .select({ id: a.id })
              .from(a)
              .where(and(eq(a.recordId, p.recordId), ne(a.subjectId, p.subjectId), inArray(a.state, OPEN_STATES))),
          ),
          exists(
            tx
              .select({ id: o.id })
              .from(o)
              .where(and(eq(o.recordId, p.recordId), ne(o.subjectId, p.subjectId), eq(o.state, 'SUBMITTED'))),
          ),
        ),
      ),
    );
  if (!current) return;
  const now = new Date();
  const ended: { id: string; state: string; reason: string }[] = [];
  // The open states (rules.ts OPEN_STATES) and where a decider would take each: not accepted, or denied.
  for (const [from, to] of [
    ['SUBMITTED', 'NOT_ACCEPTED'],
    ['ACCEPTED', 'DENIED'],
  ] as const) {
    const rows = await tx
      .update(repairApplications)
      .set({ state: to, decidedAt: now, reason: MOVED_APPLICATION_REASON })
      .where(
        and(
          eq(repairApplications.recordId, recordId),
          ne(repairApplications.subjectId, current.subjectId),
          eq(repairApplications.state, from),
        ),
      )
      .returning({ id: repairApplications.id });
    ended.push(...rows.map((row) => ({ id: row.id, state: to, reason: MOVED_APPLICATION_REASON })));
  }
  const objected = await tx
    .update(objections)
    .set({ state: 'CORRECTED', resolvedAt: now, outcomeReason: MOVED_OBJECTION_REASON })
    .where(and(eq(objections.recordId, recordId), ne(objections.subjectId, current.subjectId), eq(objections.state, 'SUBMITTED')))
    .returning({ id: objections.id });
  ended.push(...objected.map((row) => ({ id: row.id, state: 'CORRECTED', reason: MOVED_OBJECTION_REASON })));
  if (ended.length)
    await tx
      .insert(stateChanges)
      .values(ended.map((row) => ({ caseId: row.id, state: row.state, by: CORRECTION_ACTOR, reason: row.reason, at: now })));
}

/** What the projection holds of a record event. */
function projectionOf(record: RecordFacts) {
  return {
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
    // The catalogue's answer, from records; an event written before it carried one leaves what is held (a new row: the default).
    repairable: record.repairable,
  };
}

/** Upserts one record's facts unless the projection already holds a later version. */
export async function upsertRecord(tx: Tx, record: RecordFacts): Promise<void> {
  const values = projectionOf(record);
  await tx
    .insert(recordProjection)
    .values(values)
    .onConflictDoUpdate({
      target: recordProjection.recordId,
      set: { ...values, updatedAt: new Date() },
      setWhere: sql`${recordProjection.version} <= ${record.version}`,
    });
}

/** The projection's columns an event sets, by property. */
const FROM_EVENT = [
  'subjectId',
  'subjectIsPerson',
  'category',
  'kind',
  'severity',
  'status',
  'decisionDate',
  'minimumUntil',
  'reportingUnitId',
  'version',
  'repairable',
] as const;

/** Upserts the latest facts of many records (one per record) in one statement, each unless a later version is held. */
export async function upsertRecords(tx: Tx, records: RecordFacts[]): Promise<void> {
  if (!records.length) return;
  // An event from before the catalogue decided repairability carries none: the column's default, as a
  // multi-row upsert has always given it (one statement cannot leave it alone for some rows only).
  const rows = records.map((record) => ({ ...projectionOf(record), repairable: record.repairable ?? true }));
  const p = recordProjection;
  await tx.execute(sql`${insertFrom(p, rows)} on conflict (${sql.identifier(p.recordId.name)})
    do update set ${fromExcluded(p, FROM_EVENT)}, ${sql.identifier(p.updatedAt.name)} = now()
    where ${p.version} <= excluded.version`);
}

/** Of these records, those with an open application, or an objection open or CORRECTED: the ones a change may act on. */
export async function recordsWithCases(tx: Tx, recordIds: string[]): Promise<string[]> {
  const a = repairApplications;
  const o = objections;
  const touched = await tx
    .selectDistinct({ recordId: a.recordId })
    .from(a)
    .where(and(inArray(a.recordId, recordIds), inArray(a.state, OPEN_STATES)))
    .union(
      tx
        .selectDistinct({ recordId: o.recordId })
        .from(o)
        .where(and(inArray(o.recordId, recordIds), inArray(o.state, ['SUBMITTED', 'CORRECTED']))),
    );
  return touched.map((row) => row.recordId);
}

export const CORRECTION_RECEIVED = 'CORRECTION_RECEIVED';
export const CORRECTION_RECEIVED_ACTOR = 'SYSTEM:record-resent';

/**
 * A CORRECTED objection waits on its unit until a later version of the record than the one contested
 * arrives (the unit's re-send through intake): then records shows it again, and the case notes when.
 */
export async function noteCorrectionsReceived(tx: Tx, record: RecordFacts): Promise<void> {
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
    await tx
      .insert(stateChanges)
      .values(received.map((row) => ({ caseId: row.id, state: CORRECTION_RECEIVED, by: CORRECTION_RECEIVED_ACTOR, reason, at: now })));
  }
}
