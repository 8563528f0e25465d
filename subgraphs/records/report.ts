import { describePrincipal } from '../kit/audit.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { log } from '../kit/log.js';
import { chinaToday } from '../kit/time.js';
import { prepareReport, type Problem, type RecordReportInput } from './intake.js';
import { reportingUnitFor, type SubjectKeys } from './report-checks.js';
import type { IntakeStore, ReportOutcome, Submission } from './intake-store.js';
import type { CreditRecordRow } from './tables.js';
import { basisOfDecision, decideReport, type ToleranceDecision } from './tolerance.js';

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

/** A breach must name a commitment of the same subject; otherwise the item is rejected on that field. */
async function refuseUnknownCommitments(
  intake: IntakeStore,
  accepted: { index: number; at: string; submission: Submission }[],
  results: ReportResult[],
) {
  const ids = [...new Set(accepted.map((a) => a.submission.report.breachesCommitment).filter((id): id is string => !!id))];
  const commitments = new Map((await intake.commitments(ids)).map((row) => [row.id, row]));
  for (const {
    index,
    at,
    submission: { report },
  } of accepted) {
    if (!report.breachesCommitment) continue;
    const commitment = commitments.get(report.breachesCommitment);
    const reason =
      !commitment || commitment.kind !== 'COMMITMENT'
        ? 'names no commitment (信用承诺) record'
        : commitment.subjectId !== report.subject.subjectId
          ? "is another subject's commitment"
          : null;
    if (reason) results[index] = rejected(index, report.unitReference, [{ field: `${at}.breachesCommitment`, reason }]);
  }
}

/**
 * A cited force-majeure certificate must be one issued to the same subject (known from repairs' events), and
 * its period must cover the act (the decision date): a certificate for November proves nothing about October.
 */
async function refuseUnknownCertificates(
  intake: IntakeStore,
  accepted: { index: number; at: string; submission: Submission }[],
  results: ReportResult[],
) {
  const cited = (a: { submission: Submission }) => a.submission.report.toleranceClaim?.forceMajeureCertificate ?? null;
  const numbers = [...new Set(accepted.map(cited).filter((n): n is string => !!n))];
  const certificates = new Map((await intake.certificates(numbers)).map((row) => [row.number, row]));
  for (const item of accepted) {
    const number = cited(item);
    if (!number || results[item.index]) continue;
    const certificate = certificates.get(number);
    const act = item.submission.report.decisionDate;
    const reason = !certificate
      ? 'names no issued certificate (one issued moments ago is known within seconds)'
      : certificate.subjectId !== item.submission.report.subject.subjectId
        ? "is another subject's certificate"
        : act < certificate.periodFrom || act > certificate.periodTo
          ? `不可抗力事实性证明书${number}证明的期间为${certificate.periodFrom}至${certificate.periodTo}，不包含失信行为发生日（决定日期）${act}：证明书的期间须覆盖行为发生之日`
          : null;
    if (reason)
      results[item.index] = rejected(item.index, item.submission.report.unitReference, [
        { field: `${item.at}.toleranceClaim.forceMajeureCertificate`, reason },
      ]);
  }
}

/**
 * 归集报送: validates every item, decides its tolerance claim, and stores it idempotently. Each item gets
 * its own result; a rejected or failing item never blocks the others.
 */
export async function reportRecords(
  ctx: PolicyScope & { intake: IntakeStore; keys: SubjectKeys },
  items: RecordReportInput[],
  /** reportRecord's one item is `input`, reportRecords' items are `input[i]`. */
  single = false,
): Promise<ReportResult[]> {
  const field = 'input';
  const unitId = reportingUnitFor(ctx.principal, items.length);
  const today = chinaToday();
  const [policies, emergency] = await Promise.all([ctx.intake.policies(), ctx.intake.emergencyResponse()]);
  const by = describePrincipal(ctx.principal);
  const results: ReportResult[] = new Array(items.length);
  const accepted: { index: number; at: string; submission: Submission }[] = [];
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
              basis: basisOfDecision(previous, previous.toleranceDecision as ToleranceDecision | null),
              decision: previous.toleranceDecision as ToleranceDecision | null,
              reportedAt: previous.reportedAt,
            }
          : null,
        policies,
        emergency.endedOn,
        today,
        chinaToday,
      );
    accepted.push({ index, at, submission: { report, decide } });
  }
  await refuseUnknownCommitments(ctx.intake, accepted, results);
  await refuseUnknownCertificates(ctx.intake, accepted, results);
  const valid = accepted.filter(({ index }) => !results[index]);
  const stored = await ctx.intake.submit(
    valid.map((a) => a.submission),
    by,
  );
  valid.forEach(({ index, at, submission: { report } }, i) => {
    const result = stored[i]!;
    if (result.outcome === 'FAILED') {
      // Stored nothing for this item (its transaction rolled back): say so; the others stand.
      log.error({ err: result.error, unitId, unitReference: report.unitReference }, 'report item could not be stored');
      results[index] = rejected(index, report.unitReference, [{ field: at, reason: 'could not be stored; send it again' }]);
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
  return results;
}
