import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { RecordFacts } from '../kit/event-contracts.js';
import { publish, type NewEvent, type Tx } from '../kit/events.js';
import { addDays } from '../kit/time.js';
import { categoryEntry, type RecordKind, type Severity } from './catalogue.js';
import { disclosureWindow, effectUntil } from './disclosure.js';
import type { PreparedReport } from './intake.js';
import { certificateDirectory, creditRecords, recordsOutbox, recordVersions, settings, tolerancePolicies, type CreditRecordRow, type TolerancePolicyRow } from './tables.js';
import { DEFAULT_POLICIES, type ToleranceDecision } from './tolerance.js';

export type ReportOutcome = 'CREATED' | 'DUPLICATE' | 'CORRECTED';

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
  };
  return { type, subjectId: row.subjectId, payload: { ...payload } };
}

export interface RectificationExtension {
  days: number;
  reason: string;
  by: string;
  at: string;
}

/** The columns a report and its tolerance decision set; `kept` are extensions granted since, which a correction keeps. */
function recordValues(report: PreparedReport, decision: ToleranceDecision | null, kept: RectificationExtension[] = []) {
  const window = disclosureWindow(report.entry.kind, report.severity, report.decisionDate, report.subjectIsPerson);
  const status = decision?.outcome === 'EXEMPT' ? 'EXEMPTED' : decision?.outcome === 'DEFER_REPORTING' ? 'DEFERRED' : 'ACTIVE';
  const tolerance: RectificationExtension[] =
    decision?.extendedByDays && report.rectificationDeadline
      ? [{ days: decision.extendedByDays, reason: decision.explanation, by: `TOLERANCE:${decision.policyId}`, at: new Date().toISOString() }]
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
    contentHash: report.contentHash,
  };
}

export interface Submission {
  report: PreparedReport;
  decision: ToleranceDecision | null;
}

export type SubmissionResult = { outcome: ReportOutcome; row: CreditRecordRow } | { outcome: 'FAILED'; error: unknown };

const keyOf = (unitId: string, unitReference: string): string => `${unitId}\u0000${unitReference}`;
const seenEvent = (report: PreparedReport): NewEvent => ({ type: 'subject.seen', subjectId: report.subject.subjectId, payload: { ...report.subject } });

/** Intake's SQL: idempotent on (unit, document number); corrections keep the replaced version. */
export function createIntakeStore(db: Db) {
  /** A changed re-send: the old version goes to the history, the row takes the new content. */
  async function correct(tx: Tx, existing: CreditRecordRow, item: Submission, by: string): Promise<CreditRecordRow> {
    const { id: _id, reportedAt: _at, updatedAt: _u, ...previous } = existing;
    await tx.insert(recordVersions).values({ recordId: existing.id, version: existing.version, content: previous, replacedBy: by });
    const kept = (existing.rectificationExtensions as RectificationExtension[]).filter((extension) => !extension.by.startsWith('TOLERANCE:'));
    const values = recordValues(item.report, item.decision, kept);
    const [corrected] = await tx
      .update(creditRecords)
      .set({ ...values, commitmentStatus: existing.commitmentStatus ?? values.commitmentStatus, version: existing.version + 1, updatedAt: new Date() })
      .where(eq(creditRecords.id, existing.id))
      .returning();
    return corrected!;
  }

  /**
   * The whole batch in one transaction and a handful of statements: one multi-row insert that skips
   * known document numbers, one locked read of those, then corrections one by one. Concurrent batches
   * meet at the unique index, so a document number is stored once whatever the interleaving.
   */
  async function writeBatch(tx: Tx, items: Submission[], by: string): Promise<SubmissionResult[]> {
    // Rows in key order: concurrent batches then take their unique-index locks in the same order and cannot deadlock.
    const ordered = [...items].sort((a, b) => (keyOf(a.report.unitId, a.report.unitReference) < keyOf(b.report.unitId, b.report.unitReference) ? -1 : 1));
    const inserted = await tx.insert(creditRecords).values(ordered.map((item) => recordValues(item.report, item.decision))).onConflictDoNothing().returning();
    const createdByKey = new Map(inserted.map((row) => [keyOf(row.reportingUnitId, row.unitReference), row]));
    const results: SubmissionResult[] = new Array(items.length);
    const pending: number[] = [];
    items.forEach((item, i) => {
      const key = keyOf(item.report.unitId, item.report.unitReference);
      const row = createdByKey.get(key);
      if (row) {
        results[i] = { outcome: 'CREATED', row };
        createdByKey.delete(key); // a second item with the same number in this batch is a re-send
      } else pending.push(i);
    });
    const current = new Map<string, CreditRecordRow>();
    if (pending.length) {
      const refs = [...new Set(pending.map((i) => items[i]!.report.unitReference))];
      const units = [...new Set(pending.map((i) => items[i]!.report.unitId))];
      const existing = await tx
        .select()
        .from(creditRecords)
        .where(and(inArray(creditRecords.reportingUnitId, units), inArray(creditRecords.unitReference, refs)))
        .for('update');
      for (const row of [...existing, ...inserted]) current.set(keyOf(row.reportingUnitId, row.unitReference), row);
    }
    for (const i of pending) {
      const item = items[i]!;
      const key = keyOf(item.report.unitId, item.report.unitReference);
      const existing = current.get(key);
      if (!existing) throw new Error('record vanished between insert and read');
      if (existing.contentHash === item.report.contentHash) results[i] = { outcome: 'DUPLICATE', row: existing };
      else {
        const corrected = await correct(tx, existing, item, by);
        current.set(key, corrected);
        results[i] = { outcome: 'CORRECTED', row: corrected };
      }
    }
    const breached = await markBreaches(tx, results, items);
    const events = results.flatMap((result, i) =>
      result.outcome === 'CREATED' || result.outcome === 'CORRECTED'
        ? [seenEvent(items[i]!.report), recordEvent(result.outcome === 'CREATED' ? 'record.created' : 'record.changed', result.row, items[i]!.report.entry.label)]
        : [],
    );
    await publish(tx, recordsOutbox, [...events, ...breached.map((row) => recordEvent('record.changed', row, categoryEntry(row.category)?.label ?? row.category))]);
    return results;
  }

  /** A dishonesty record that breaches a commitment marks the commitment BREACHED and links the two. */
  async function markBreaches(tx: Tx, results: SubmissionResult[], items: Submission[]): Promise<CreditRecordRow[]> {
    const changed: CreditRecordRow[] = [];
    for (const [i, result] of results.entries()) {
      const commitmentId = items[i]!.report.breachesCommitment;
      if (!commitmentId || (result.outcome !== 'CREATED' && result.outcome !== 'CORRECTED')) continue;
      const rows = await tx
        .update(creditRecords)
        .set({ commitmentStatus: 'BREACHED', breachRecordId: result.row.id, updatedAt: new Date() })
        .where(and(eq(creditRecords.id, commitmentId), eq(creditRecords.kind, 'COMMITMENT'), eq(creditRecords.subjectId, result.row.subjectId)))
        .returning();
      changed.push(...rows);
    }
    return changed;
  }

  return {
    /**
     * Stores a batch; if the batch as a whole fails, each item is tried in its own transaction so that
     * one bad item never undoes or blocks the others.
     */
    async submit(items: Submission[], by: string): Promise<SubmissionResult[]> {
      if (!items.length) return [];
      try {
        return await db.transaction((tx) => writeBatch(tx, items, by));
      } catch (batchError) {
        if (items.length === 1) return [{ outcome: 'FAILED', error: batchError }];
        const results: SubmissionResult[] = [];
        for (const item of items) {
          try {
            results.push(...(await db.transaction((tx) => writeBatch(tx, [item], by))));
          } catch (error) {
            results.push({ outcome: 'FAILED', error });
          }
        }
        return results;
      }
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

    async endEmergencyResponse(on: string, by: string) {
      await db
        .insert(settings)
        .values({ key: EMERGENCY_END, value: on, setBy: by })
        .onConflictDoUpdate({ target: settings.key, set: { value: on, setBy: by, setAt: sql`now()` } });
    },

    /** Force-majeure certificates known from the repairs subgraph's events. */
    async certificates(numbers: readonly string[]) {
      if (!numbers.length) return [];
      return db.select().from(certificateDirectory).where(inArray(certificateDirectory.number, [...numbers]));
    },

    /** Commitments by id, to check a breach names one of the same subject before anything is written. */
    async commitments(ids: readonly string[]): Promise<CreditRecordRow[]> {
      if (!ids.length) return [];
      return db.select().from(creditRecords).where(inArray(creditRecords.id, [...ids]));
    },

    async versionsOf(recordIds: readonly string[]) {
      return db.select().from(recordVersions).where(inArray(recordVersions.recordId, [...recordIds])).orderBy(recordVersions.recordId, recordVersions.version);
    },
  };
}

export type IntakeStore = ReturnType<typeof createIntakeStore>;
