import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { RecordFacts, SubjectSeen } from '../kit/event-contracts.js';
import { publish, type NewEvent, type Tx } from '../kit/events.js';
import { addDays } from '../kit/time.js';
import { categoryEntry, type RecordKind, type Severity } from './catalogue.js';
import { disclosureWindow, effectUntil } from './disclosure.js';
import { correctionStatus, intakeStatus, type PreparedReport } from './intake.js';
import { unitKey, writeBatchOrEach, writeIdempotently, type WriteOutcome, type WriteResult } from './idempotent-write.js';
import {
  certificateDirectory,
  creditRecords,
  recordsOutbox,
  recordVersions,
  settings,
  tolerancePolicies,
  type CreditRecordRow,
  type TolerancePolicyRow,
} from './tables.js';
import type { ToleranceDeferral } from './deferral.js';
import { DEFAULT_POLICIES, type ToleranceDecision } from './tolerance.js';

export type ReportOutcome = WriteOutcome;

const EMERGENCY_END = 'emergency_response_end';

/** What consumers (repairs, incentives, subjects) need to know of a record, without asking records. */
export function recordEvent(type: 'record.created' | 'record.changed', row: CreditRecordRow, label: string): NewEvent {
  const payload: RecordFacts = {
    id: row.id,
    subjectId: row.subjectId,
    subjectIsPerson: row.subjectIsPerson,
    category: row.category,
    categoryLabel: label,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    decisionDate: row.decisionDate,
    minimumUntil: row.minimumUntil,
    publicUntil: row.publicUntil,
    effectUntil: effectUntil(row.kind as RecordKind, row.severity as Severity | null, row.decisionDate),
    deferredUntil: row.deferredUntil,
    reportingUnitId: row.reportingUnitId,
    version: row.version,
    // The catalogue decides repairability; repairs learns it only from here.
    repairable: categoryEntry(row.category)?.repairable ?? false,
  };
  return { type, subjectId: row.subjectId, payload: { ...payload } };
}

export interface RectificationExtension {
  days: number;
  reason: string;
  by: string;
  at: string;
}

/**
 * The columns a report and its tolerance decision set; `kept` are extensions granted since, which a correction
 * keeps. A decision kept by a correction keeps its own extension too (`kept` then holds it, `fresh` is false).
 */
function recordValues(report: PreparedReport, decision: ToleranceDecision | null, kept: RectificationExtension[] = [], fresh = true) {
  const window = disclosureWindow(report.entry.kind, report.severity, report.decisionDate, report.subjectIsPerson);
  const status: string = intakeStatus(decision);
  const tolerance: RectificationExtension[] =
    fresh && decision?.extendedByDays && report.rectificationDeadline
      ? [
          {
            days: decision.extendedByDays,
            reason: decision.explanation,
            by: `TOLERANCE:${decision.policyId}`,
            at: new Date().toISOString(),
          },
        ]
      : [];
  const extensions = report.rectificationDeadline ? [...tolerance, ...kept] : [];
  const extend = extensions.reduce((sum, extension) => sum + extension.days, 0);
  return {
    subjectId: report.subject.subjectId,
    subjectIsPerson: report.subjectIsPerson,
    kind: report.entry.kind,
    category: report.entry.code,
    severity: report.severity,
    status,
    reportingUnitId: report.unitId,
    unitReference: report.unitReference,
    decisionDate: report.decisionDate,
    facts: report.facts,
    legalBasis: report.legalBasis,
    disclosureRule: window.rule,
    minimumUntil: window.minimumUntil,
    publicFrom: window.publicFrom,
    publicUntil: window.publicUntil,
    rectificationDeadline: report.rectificationDeadline ? addDays(report.rectificationDeadline, extend) : null,
    rectificationExtensions: extensions,
    commitmentStatus: report.entry.kind === 'COMMITMENT' ? 'IN_FORCE' : null,
    breachOfRecordId: report.breachesCommitment,
    deferredUntil: decision?.outcome === 'DEFER_REPORTING' ? decision.deferredUntil : null,
    toleranceDecision: decision,
    penalty: report.penalty,
    contentHash: report.contentHash,
  };
}

export interface Submission {
  report: PreparedReport;
  /** The tolerance decision: for a new record (null), or for a correction of the stored row, read locked. */
  decide(previous: CreditRecordRow | null): ToleranceDecision | null;
}

export type SubmissionResult = WriteResult<CreditRecordRow>;

/** A subject met in a report (a record or a licence) opens its credit file in the subjects subgraph. */
export const subjectSeenEvent = (subject: SubjectSeen): NewEvent => ({
  type: 'subject.seen',
  subjectId: subject.subjectId,
  payload: { ...subject },
});

/** Intake's SQL: idempotent on (unit, document number); corrections keep the replaced version. */
export function createIntakeStore(db: Db) {
  /** A changed re-send: the old version goes to the history, the row takes the new content. */
  async function correct(tx: Tx, existing: CreditRecordRow, item: Submission, by: string): Promise<CreditRecordRow> {
    const { id: _id, reportedAt: _at, updatedAt: _u, ...previous } = existing;
    await tx.insert(recordVersions).values({ recordId: existing.id, version: existing.version, content: previous, replacedBy: by });
    const decision = item.decide(existing);
    // The same decision object: the correction did not touch what it was decided on, so it stands as it was.
    const keptDecision = decision !== null && decision === existing.toleranceDecision;
    const extensions = existing.rectificationExtensions as RectificationExtension[];
    const kept = keptDecision ? extensions : extensions.filter((extension) => !extension.by.startsWith('TOLERANCE:'));
    const values = recordValues(item.report, decision, kept, !keptDecision);
    // Intake's status, but an objection still open keeps its DISPUTED mark (intake.ts correctionStatus).
    const status = correctionStatus(existing, values.status, values.subjectId);
    const [corrected] = await tx
      .update(creditRecords)
      .set({
        ...values,
        status,
        commitmentStatus: existing.commitmentStatus ?? values.commitmentStatus,
        version: existing.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(creditRecords.id, existing.id))
      .returning();
    return corrected!;
  }

  /** The whole batch in one transaction (idempotent-write.ts), then breached commitments and the events. */
  async function writeBatch(tx: Tx, items: Submission[], by: string) {
    const results = await writeIdempotently<Submission, CreditRecordRow>(items, {
      keyOf: (item) => unitKey(item.report.unitId, item.report.unitReference),
      rowKey: (row) => unitKey(row.reportingUnitId, row.unitReference),
      hashOf: (item) => item.report.contentHash,
      rowHash: (row) => row.contentHash,
      insert: (ordered) =>
        tx
          .insert(creditRecords)
          .values(ordered.map((item) => recordValues(item.report, item.decide(null))))
          .onConflictDoNothing()
          .returning(),
      lock: (pending) => {
        const refs = [...new Set(pending.map((item) => item.report.unitReference))];
        const units = [...new Set(pending.map((item) => item.report.unitId))];
        return tx
          .select()
          .from(creditRecords)
          .where(and(inArray(creditRecords.reportingUnitId, units), inArray(creditRecords.unitReference, refs)))
          .for('update');
      },
      correct: (existing, item) => correct(tx, existing, item, by),
    });
    const breached = await markBreaches(tx, results, items);
    const events = results.flatMap((result, i) =>
      result.outcome === 'CREATED' || result.outcome === 'CORRECTED'
        ? [
            subjectSeenEvent(items[i]!.report.subject),
            recordEvent(result.outcome === 'CREATED' ? 'record.created' : 'record.changed', result.row, items[i]!.report.entry.label),
          ]
        : [],
    );
    await publish(tx, recordsOutbox, [
      ...events,
      ...breached.map((row) => recordEvent('record.changed', row, categoryEntry(row.category)?.label ?? row.category)),
    ]);
    return results;
  }

  /**
   * A dishonesty record that breaches a commitment marks the commitment BREACHED and links the two. Every
   * breach keeps its own link (breach_of_record_id); the commitment's breach_record_id stays the first one.
   */
  async function markBreaches(
    tx: Tx,
    results: { outcome: string; row: CreditRecordRow }[],
    items: Submission[],
  ): Promise<CreditRecordRow[]> {
    const changed: CreditRecordRow[] = [];
    for (const [i, result] of results.entries()) {
      const commitmentId = items[i]!.report.breachesCommitment;
      if (!commitmentId || (result.outcome !== 'CREATED' && result.outcome !== 'CORRECTED')) continue;
      const rows = await tx
        .update(creditRecords)
        .set({
          commitmentStatus: 'BREACHED',
          breachRecordId: sql`coalesce(${creditRecords.breachRecordId}, ${result.row.id}::uuid)`,
          updatedAt: new Date(),
        })
        .where(
          and(eq(creditRecords.id, commitmentId), eq(creditRecords.kind, 'COMMITMENT'), eq(creditRecords.subjectId, result.row.subjectId)),
        )
        .returning();
      changed.push(...rows);
    }
    return changed;
  }

  return {
    /** Stores a batch; one item that cannot be stored never undoes or blocks the others. */
    submit(items: Submission[], by: string): Promise<SubmissionResult[]> {
      return writeBatchOrEach(db, items, (tx, batch) => writeBatch(tx, batch, by));
    },

    async policies(): Promise<TolerancePolicyRow[]> {
      return db.select().from(tolerancePolicies).orderBy(tolerancePolicies.id);
    },

    /** The notice's policies exist from the first start; the credit office's later edits are kept. */
    async ensureDefaultPolicies(): Promise<void> {
      await db.insert(tolerancePolicies).values(DEFAULT_POLICIES).onConflictDoNothing();
    },

    async emergencyResponse(): Promise<{ endedOn: string | null; setBy: string | null; setAt: Date | null }> {
      const [row] = await db.select().from(settings).where(eq(settings.key, EMERGENCY_END));
      return { endedOn: row?.value ?? null, setBy: row?.setBy ?? null, setAt: row?.setAt ?? null };
    },

    /**
     * Sets the end of the emergency response and, in the same transaction, re-dates every DEFERRED record whose
     * deferral counts from it (`redate` says how), publishing each change. Returns the records re-dated.
     */
    async endEmergencyResponse(
      on: string,
      by: string,
      redate: (row: CreditRecordRow) => { deferredUntil: string | null; toleranceDecision: ToleranceDecision },
    ): Promise<CreditRecordRow[]> {
      return db.transaction(async (tx) => {
        await tx
          .insert(settings)
          .values({ key: EMERGENCY_END, value: on, setBy: by })
          .onConflictDoUpdate({ target: settings.key, set: { value: on, setBy: by, setAt: sql`now()` } });
        const waiting = await tx
          .select()
          .from(creditRecords)
          .where(
            and(eq(creditRecords.status, 'DEFERRED'), sql`${creditRecords.toleranceDecision} -> 'deferral' ->> 'after' = 'EMERGENCY_END'`),
          )
          .orderBy(creditRecords.id)
          .for('update');
        const changed: CreditRecordRow[] = [];
        for (const row of waiting) {
          const [updated] = await tx
            .update(creditRecords)
            .set({ ...redate(row), updatedAt: new Date() })
            .where(eq(creditRecords.id, row.id))
            .returning();
          changed.push(updated!);
        }
        await publish(
          tx,
          recordsOutbox,
          changed.map((row) => recordEvent('record.changed', row, categoryEntry(row.category)?.label ?? row.category)),
        );
        return changed;
      });
    },

    /** The credit office's deferral of one policy; null when there is no such policy. */
    async setDeferral(policyId: string, deferral: ToleranceDeferral): Promise<TolerancePolicyRow | null> {
      const [row] = await db.update(tolerancePolicies).set({ deferral }).where(eq(tolerancePolicies.id, policyId)).returning();
      return row ?? null;
    },

    async policy(policyId: string): Promise<TolerancePolicyRow | null> {
      const [row] = await db.select().from(tolerancePolicies).where(eq(tolerancePolicies.id, policyId));
      return row ?? null;
    },

    /** Force-majeure certificates known from the repairs subgraph's events. */
    async certificates(numbers: readonly string[]) {
      if (!numbers.length) return [];
      return db
        .select()
        .from(certificateDirectory)
        .where(inArray(certificateDirectory.number, [...numbers]));
    },

    /** Commitments by id, to check a breach names one of the same subject before anything is written. */
    async commitments(ids: readonly string[]): Promise<CreditRecordRow[]> {
      if (!ids.length) return [];
      return db
        .select()
        .from(creditRecords)
        .where(inArray(creditRecords.id, [...ids]));
    },

    async versionsOf(recordIds: readonly string[]) {
      return db
        .select()
        .from(recordVersions)
        .where(inArray(recordVersions.recordId, [...recordIds]))
        .orderBy(recordVersions.recordId, recordVersions.version);
    },
  };
}

export type IntakeStore = ReturnType<typeof createIntakeStore>;
