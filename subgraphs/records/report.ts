import { describePrincipal } from '../kit/audit.js';
import { badInput, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { log } from '../kit/log.js';
import { chinaToday } from '../kit/time.js';
import { MAX_BATCH, prepareReport, type Problem, type RecordReportInput } from './intake.js';
import type { IntakeStore, ReportOutcome, Submission } from './intake-store.js';
import type { CreditRecordRow } from './tables.js';
import { decideTolerance } from './tolerance.js';

export interface ReportResult {
  index: number;
  unitReference: string | null;
  outcome: ReportOutcome | 'REJECTED';
  record: CreditRecordRow | null;
  problems: Problem[];
}

/**
 * 归集报送: validates every item, decides its tolerance claim, and stores it idempotently. Each item gets
 * its own result; a rejected or failing item never blocks the others.
 */
export async function reportRecords(
  ctx: PolicyScope & { intake: IntakeStore; keys: { pseudonymKey: Buffer; idEncryptionKey: Buffer } },
  items: RecordReportInput[],
  field = 'input',
): Promise<ReportResult[]> {
  const unitId = ctx.principal.unitId;
  if (!unitId) throw forbidden('reporting needs a member unit: this credential is bound to none');
  if (items.length === 0) throw badInput(field, 'is empty');
  if (items.length > MAX_BATCH) throw badInput(field, `at most ${MAX_BATCH} items per call, got ${items.length}; split the batch`);
  const today = chinaToday();
  const [policies, emergency] = await Promise.all([ctx.intake.policies(), ctx.intake.emergencyResponse()]);
  const by = describePrincipal(ctx.principal);
  const results: ReportResult[] = new Array(items.length);
  const accepted: { index: number; at: string; submission: Submission }[] = [];
  for (const [index, item] of items.entries()) {
    const at = items.length === 1 && field === 'input' ? field : `${field}[${index}]`;
    const prepared = prepareReport(item, at, unitId, ctx.keys, today);
    if ('problems' in prepared) {
      results[index] = { index, unitReference: item.unitReference ?? null, outcome: 'REJECTED', record: null, problems: prepared.problems };
      continue;
    }
    const { report } = prepared;
    const decision = report.toleranceClaim
      ? decideTolerance(report.toleranceClaim, { ...report, category: report.entry.code }, policies, emergency.endedOn, today)
      : null;
    accepted.push({ index, at, submission: { report, decision } });
  }
  const stored = await ctx.intake.submit(accepted.map((a) => a.submission), by);
  accepted.forEach(({ index, at, submission: { report } }, i) => {
    const result = stored[i]!;
    if (result.outcome === 'FAILED') {
      // Stored nothing for this item (its transaction rolled back): say so; the others stand.
      log.error({ err: result.error, unitId, unitReference: report.unitReference }, 'report item could not be stored');
      results[index] = { index, unitReference: report.unitReference, outcome: 'REJECTED', record: null, problems: [{ field: at, reason: 'could not be stored; send it again' }] };
      return;
    }
    if (result.outcome !== 'DUPLICATE') ctx.audit.note(report.subjectIsPerson ? 'PERSON_RECORD' : 'CREDIT_RECORD', [result.row.subjectId], 'MUTATION');
    results[index] = { index, unitReference: report.unitReference, outcome: result.outcome, record: result.row, problems: [] };
  });
  return results;
}
