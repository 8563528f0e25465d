import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish, type NewEvent, type Tx } from '../kit/events.js';
import { addDays } from '../kit/time.js';
import { disclosureWindow } from './disclosure.js';
import type { PreparedReport } from './intake.js';
import { creditRecords, recordsOutbox, recordVersions, settings, tolerancePolicies, type CreditRecordRow, type TolerancePolicyRow } from './tables.js';
import { DEFAULT_POLICIES, type ToleranceDecision } from './tolerance.js';

export type ReportOutcome = 'CREATED' | 'DUPLICATE' | 'CORRECTED';

const EMERGENCY_END = 'emergency_response_end';

/** What consumers (repairs, incentives, subjects) need to know of a record, without asking records. */
export function recordEvent(type: 'record.created' | 'record.changed', row: CreditRecordRow, label: string): NewEvent {
  return {
    type,
    subjectId: row.subjectId,
    payload: {
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
      deferredUntil: row.deferredUntil,
      reportingUnitId: row.reportingUnitId,
      version: row.version,
    },
  };
}

/** The columns a report and its tolerance decision set. */
function recordValues(report: PreparedReport, decision: ToleranceDecision | null) {
  const window = disclosureWindow(report.entry.kind, report.severity, report.decisionDate, report.subjectIsPerson);
  const status = decision?.outcome === 'EXEMPT' ? 'EXEMPTED' : decision?.outcome === 'DEFER_REPORTING' ? 'DEFERRED' : 'ACTIVE';
  const extend = decision?.extendedByDays && report.rectificationDeadline ? decision.extendedByDays : 0;
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
    deferredUntil: decision?.outcome === 'DEFER_REPORTING' ? decision.deferredUntil : null,
    toleranceDecision: decision,
    contentHash: report.contentHash,
  };
}

/** Intake's SQL: idempotent on (unit, document number); corrections keep the replaced version. */
export function createIntakeStore(db: Db) {
  async function writeOne(tx: Tx, report: PreparedReport, decision: ToleranceDecision | null, by: string): Promise<{ outcome: ReportOutcome; row: CreditRecordRow }> {
    const values = recordValues(report, decision);
    const [created] = await tx.insert(creditRecords).values(values).onConflictDoNothing().returning();
    const seen: NewEvent = { type: 'subject.seen', subjectId: report.subject.subjectId, payload: { ...report.subject } };
    if (created) {
      await publish(tx, recordsOutbox, [seen, recordEvent('record.created', created, report.entry.label)]);
      return { outcome: 'CREATED', row: created };
    }
    // Another request may be writing the same document number: wait for it, then compare.
    const [existing] = await tx
      .select()
      .from(creditRecords)
      .where(and(eq(creditRecords.reportingUnitId, report.unitId), eq(creditRecords.unitReference, report.unitReference)))
      .for('update');
    if (!existing) throw new Error('record vanished between insert and read');
    if (existing.contentHash === report.contentHash) return { outcome: 'DUPLICATE', row: existing };
    const { id: _id, reportedAt: _at, updatedAt: _u, ...previous } = existing;
    await tx.insert(recordVersions).values({ recordId: existing.id, version: existing.version, content: previous, replacedBy: by });
    const [corrected] = await tx
      .update(creditRecords)
      .set({ ...values, version: existing.version + 1, updatedAt: new Date() })
      .where(eq(creditRecords.id, existing.id))
      .returning();
    await publish(tx, recordsOutbox, [seen, recordEvent('record.changed', corrected!, report.entry.label)]);
    return { outcome: 'CORRECTED', row: corrected! };
  }

  return {
    /** Each item in its own transaction: one failure never undoes or blocks the others. */
    submit(report: PreparedReport, decision: ToleranceDecision | null, by: string) {
      return db.transaction((tx) => writeOne(tx, report, decision, by));
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

    async versionsOf(recordIds: readonly string[]) {
      return db.select().from(recordVersions).where(inArray(recordVersions.recordId, [...recordIds])).orderBy(recordVersions.recordId, recordVersions.version);
    },
  };
}

export type IntakeStore = ReturnType<typeof createIntakeStore>;
