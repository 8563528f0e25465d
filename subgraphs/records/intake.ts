import { describePrincipal } from '../kit/audit.js';
import { countIntake } from '../kit/metrics.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { log } from '../kit/log.js';
import { addDays, chinaToday } from '../kit/time.js';
import { disclosureWindow, type RecordStatus } from './disclosure.js';
import type { IntakeStore, ReportOutcome, Submission } from './intake-store.js';
import { prepareReport, type PreparedReport, type Problem, type RecordReportInput } from './intake-items.js';
import { reportingUnitFor, type SubjectKeys } from './item-checks.js';
import type { RectificationExtension } from './rectification.js';
import type { CreditRecordRow, NewCreditRecordRow } from './tables.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import { basisOfDecision, decideReport, type ToleranceDecision } from './tolerance.js';
import type { ToleranceStore } from './tolerance-store.js';

/**
 * 归集报送: the use case of reportRecords, and what a report becomes as a stored record (its columns and
 * status). One item's checks: intake-items.ts; the SQL: intake-store.ts.
 */

export type { Problem, RecordReportInput } from './intake-items.js';

export interface ReportResult {
  index: number;
  unitReference: string | null;
  outcome: ReportOutcome | 'REJECTED';
  /** The stored record's id, whether or not its subject was known before (null when rejected). */
  recordId: string | null;
  record: CreditRecordRow | null;
  problems: Problem[];
}

const rejected = (index: number, unitReference: string | null, problems: Problem[]): ReportResult => ({
  index,
  unitReference,
  outcome: 'REJECTED',
  recordId: null,
  record: null,
  problems,
});

/** An item that passed its own checks, at `at` in the call, with what the store is to write of it. */
interface Accepted {
  index: number;
  at: string;
  report: PreparedReport;
  submission: Submission;
}

/** A breach must name a commitment of the same subject; otherwise the item is rejected on that field. */
async function refuseUnknownCommitments(intake: IntakeStore, accepted: Accepted[], results: ReportResult[]) {
  const ids = [...new Set(accepted.map((a) => a.report.breachesCommitment).filter((id): id is string => !!id))];
  const commitments = new Map((await intake.commitments(ids)).map((row) => [row.id, row]));
  for (const { index, at, report } of accepted) {
    if (!report.breachesCommitment) continue;
    const commitment = commitments.get(report.breachesCommitment);
    const reason =
      !commitment || commitment.kind !== 'COMMITMENT'
        ? M.RECORDS_BREACH_NO_COMMITMENT()
        : commitment.subjectId !== report.subject.subjectId
          ? M.RECORDS_BREACH_OTHER_SUBJECT()
          : null;
    if (reason) results[index] = rejected(index, report.unitReference, [{ field: `${at}.breachesCommitment`, reason }]);
  }
}

/**
 * A cited force-majeure certificate must be one issued to the same subject (known from repairs' events), and
 * its period must cover the act (the decision date): a certificate for November proves nothing about October.
 */
async function refuseUnknownCertificates(tolerance: ToleranceStore, accepted: Accepted[], results: ReportResult[]) {
  const cited = (a: { report: PreparedReport }) => a.report.toleranceClaim?.forceMajeureCertificate ?? null;
  const numbers = [...new Set(accepted.map(cited).filter((n): n is string => !!n))];
  const certificates = new Map((await tolerance.certificates(numbers)).map((row) => [row.number, row]));
  for (const item of accepted) {
    const number = cited(item);
    if (!number || results[item.index]) continue;
    const certificate = certificates.get(number);
    const act = item.report.decisionDate;
    const reason = !certificate
      ? M.RECORDS_CERTIFICATE_UNKNOWN()
      : certificate.subjectId !== item.report.subject.subjectId
        ? M.RECORDS_CERTIFICATE_OTHER_SUBJECT()
        : act < certificate.periodFrom || act > certificate.periodTo
          ? M.RECORDS_CERTIFICATE_PERIOD({ number, from: certificate.periodFrom, to: certificate.periodTo, act })
          : null;
    if (reason)
      results[item.index] = rejected(item.index, item.report.unitReference, [
        { field: `${item.at}.toleranceClaim.forceMajeureCertificate`, reason },
      ]);
  }
}

/**
 * 归集报送: validates every item, decides its tolerance claim, and stores it idempotently. Each item gets
 * its own result; a rejected or failing item never blocks the others.
 */
export async function reportRecords(
  ctx: PolicyScope & { intake: IntakeStore; tolerance: ToleranceStore; keys: SubjectKeys },
  items: RecordReportInput[],
  /** reportRecord's one item is `input`, reportRecords' items are `input[i]`. */
  single = false,
): Promise<ReportResult[]> {
  const field = 'input';
  const unitId = reportingUnitFor(ctx.principal, items.length);
  const today = chinaToday();
  const [policies, emergency] = await Promise.all([ctx.tolerance.policies(), ctx.tolerance.emergencyResponse()]);
  const by = describePrincipal(ctx.principal);
  const results: ReportResult[] = new Array(items.length);
  const accepted: Accepted[] = [];
  for (const [index, item] of items.entries()) {
    const at = single ? field : `${field}[${index}]`;
    const prepared = prepareReport(item, at, unitId, ctx.keys, today);
    if ('problems' in prepared) {
      results[index] = rejected(index, item.unitReference ?? null, prepared.problems);
      continue;
    }
    const { report } = prepared;
    const basis = {
      ...report,
      subjectId: report.subject.subjectId,
      category: report.entry.code,
      claim: report.toleranceClaim,
      hasRectificationDeadline: report.rectificationDeadline !== null,
    };
    // Decided against the stored record when it is a correction (the store passes it, locked): see decideReport.
    const decide = (previous: CreditRecordRow | null) =>
      decideReport(
        basis,
        previous
          ? {
              basis: basisOfDecision(previous, previous.toleranceDecision),
              decision: previous.toleranceDecision,
              reportedAt: previous.reportedAt,
            }
          : null,
        policies,
        emergency.endedOn,
        today,
        chinaToday,
      );
    accepted.push({ index, at, report, submission: submissionOf(report, decide) });
  }
  await refuseUnknownCommitments(ctx.intake, accepted, results);
  await refuseUnknownCertificates(ctx.tolerance, accepted, results);
  const valid = accepted.filter(({ index }) => !results[index]);
  const stored = await ctx.intake.submit(
    valid.map((a) => a.submission),
    by,
  );
  valid.forEach(({ index, at, report }, i) => {
    const result = stored[i]!;
    if (result.outcome === 'FAILED') {
      // Stored nothing for this item (its transaction rolled back): say so; the others stand.
      log.error(
        { err: result.error, requestId: ctx.requestId, unitId, unitReference: report.unitReference },
        'report item could not be stored',
      );
      results[index] = rejected(index, report.unitReference, [{ field: at, reason: M.RECORDS_NOT_STORED() }]);
      return;
    }
    if (result.outcome !== 'DUPLICATE')
      ctx.audit.note(report.subjectIsPerson ? 'PERSON_RECORD' : 'CREDIT_RECORD', [result.row.subjectId], 'MUTATION');
    results[index] = {
      index,
      unitReference: report.unitReference,
      outcome: result.outcome,
      recordId: result.row.id,
      record: result.row,
      problems: [],
    };
  });
  countIntake('record', results);
  return results;
}

/** What the store writes of one checked report; `decide` gives its tolerance decision (new: null; correction: the stored row). */
function submissionOf(report: PreparedReport, decide: (previous: CreditRecordRow | null) => ToleranceDecision | null): Submission {
  return {
    unitId: report.unitId,
    unitReference: report.unitReference,
    contentHash: report.contentHash,
    breachesCommitment: report.breachesCommitment,
    subject: report.subject,
    label: report.entry.label,
    created: () => recordValues(report, decide(null)),
    corrected: (existing) => correctedValues(existing, report, decide(existing)),
  };
}

/**
 * The columns a report and its tolerance decision set; `kept` are extensions granted since, which a correction
 * keeps. A decision kept by a correction keeps its own extension too (`kept` then holds it, `fresh` is false).
 */
function recordValues(report: PreparedReport, decision: ToleranceDecision | null, kept: RectificationExtension[] = [], fresh = true) {
  const window = disclosureWindow(report.entry.kind, report.severity, report.decisionDate, report.subjectIsPerson);
  const status: RecordStatus = intakeStatus(decision);
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
  } satisfies NewCreditRecordRow;
}

/** A changed re-send of a stored record: the columns it sets (the store keeps the old version in the history). */
function correctedValues(
  existing: CreditRecordRow,
  report: PreparedReport,
  decision: ToleranceDecision | null,
): Partial<NewCreditRecordRow> {
  // The same decision object: the correction did not touch what it was decided on, so it stands as it was.
  const keptDecision = decision !== null && decision === existing.toleranceDecision;
  const extensions = existing.rectificationExtensions;
  const kept = keptDecision ? extensions : extensions.filter((extension) => !extension.by.startsWith('TOLERANCE:'));
  const values = recordValues(report, decision, kept, !keptDecision);
  // Intake's status, but an objection still open keeps its DISPUTED mark (correctionStatus).
  const status = correctionStatus(existing, values.status, values.subjectId);
  return { ...values, status, commitmentStatus: existing.commitmentStatus ?? values.commitmentStatus };
}

/** What intake decides of a record's status on its own: what tolerance decided, otherwise ACTIVE (shown by the disclosure rules). */
export function intakeStatus(decision: ToleranceDecision | null): 'ACTIVE' | 'EXEMPTED' | 'DEFERRED' {
  return decision?.outcome === 'EXEMPT' ? 'EXEMPTED' : decision?.outcome === 'DEFER_REPORTING' ? 'DEFERRED' : 'ACTIVE';
}

/**
 * The status a correction (a changed re-send) leaves the record in: intake's own decision (`fresh`), taken
 * afresh — except over an objection still open. DISPUTED is the mark of an objection the repairs subgraph is
 * verifying; records learns its end only from the resolution (events.ts applyObjection), so a correction that
 * keeps the subject and would show the record (ACTIVE) leaves it DISPUTED until then: UPHELD or CORRECTED
 * (the re-sent version already is the correction) return it to ACTIVE, WITHDRAWN withdraws it. An exemption
 * or deferral the correction earns withholds the record more than the mark does and takes effect (the same
 * as an objection raised on such a record, which leaves it as it is). A correction that gives the record to
 * another subject ends that subject's objection in repairs, and so takes intake's status; a record withheld
 * after a CORRECTED resolution (PENDING_CORRECTION) is what the re-send is for, and takes it too.
 * A decision taken on the record stands the same way: a REPAIRED record (the credit office approved its repair)
 * and a WITHDRAWN one (its objection was upheld by withdrawal) stay so when the unit corrects a detail of it.
 */
const DECIDED_ON_THE_RECORD: readonly RecordStatus[] = ['DISPUTED', 'REPAIRED', 'WITHDRAWN'];

export function correctionStatus(
  previous: { status: RecordStatus; subjectId: string },
  fresh: RecordStatus,
  subjectId: string,
): RecordStatus {
  return DECIDED_ON_THE_RECORD.includes(previous.status) && fresh === 'ACTIVE' && previous.subjectId === subjectId
    ? previous.status
    : fresh;
}
