import { LICENCE_TYPES, type LicenceType } from '../kit/vocabulary.js';
import { countIntake } from '../kit/metrics.js';
import { createHash } from 'node:crypto';
import type { PolicyScope } from '../kit/field-policy.js';
import { log } from '../kit/log.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { LoaderScope } from '../kit/subgraph.js';
import type { LicenceStore, LicenceSubmission } from './licence-store.js';
import { itemProblems, reportingUnitFor, resolveSubject, type Problem, type SubjectKeys, type SubjectRefInput } from './item-checks.js';
import type { LicenceRow, NewLicenceRow } from './tables.js';
import type { WriteOutcome } from './idempotent-write.js';
import { RECORDS_MESSAGES as M } from './messages.js';

/**
 * 行政许可 (双公示): the licences a member unit granted, reported by that unit. Rules and the use case; the
 * SQL is licence-store.ts, who sees which licence is policy.ts.
 */

export { LICENCE_TYPES, type LicenceType };
export type LicenceStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

export const isLicenceType = (value: string): value is LicenceType => Object.hasOwn(LICENCE_TYPES, value);

/** One item of reportLicences, as a member unit sends it. */
export interface LicenceReportInput {
  subject: SubjectRefInput;
  decisionNumber: string;
  certificateName?: string | null;
  certificateNumber?: string | null;
  type: string;
  content: string;
  decisionDate: string;
  validFrom: string;
  validUntil?: string | null;
  revoked?: boolean | null;
}

/** A checked licence: the row to store (its content hash tells a re-send from a correction) and the subject it names. */
export type PreparedLicence = LicenceSubmission;

export interface LicenceReportResult {
  index: number;
  decisionNumber: string | null;
  outcome: WriteOutcome | 'REJECTED';
  licence: LicenceRow | null;
  problems: Problem[];
}

/** A person's licences are not public: each read of them is noted for the audit trail, as persons' records are. */
export function notePersons(scope: LoaderScope, rows: LicenceRow[]): LicenceRow[] {
  scope.audit.note(
    'PERSON_LICENCE',
    rows.filter((row) => row.subjectIsPerson).map((row) => row.subjectId),
  );
  return rows;
}

/** REVOKED once the unit says so; EXPIRED after validUntil (China time); VALID otherwise, long-term ones included. */
export function licenceStatus(row: Pick<LicenceRow, 'revoked' | 'validUntil'>, today: string): LicenceStatus {
  if (row.revoked) return 'REVOKED';
  return row.validUntil !== null && row.validUntil < today ? 'EXPIRED' : 'VALID';
}

type LicenceContent = Pick<
  NewLicenceRow,
  'subjectId' | 'certificateName' | 'certificateNumber' | 'type' | 'content' | 'decisionDate' | 'validFrom' | 'validUntil' | 'revoked'
>;

/** What tells a re-send (the same hash) from a correction: the licence's content and the subject's name as sent. */
export function licenceContentHash(licence: LicenceContent & { name: string }): string {
  const { subjectId, name, certificateName, certificateNumber, type, content, decisionDate, validFrom, validUntil, revoked } = licence;
  const hashed = { subjectId, name, certificateName, certificateNumber, type, content, decisionDate, validFrom, validUntil, revoked };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex');
}

/** Checks one item; every problem names its field (as `input[i].…`) and says why. */
export function prepareLicence(
  item: LicenceReportInput,
  at: string,
  unitId: string,
  keys: SubjectKeys,
  today: string,
): { licence: PreparedLicence } | { problems: Problem[] } {
  const checks = itemProblems(item, at);
  const { problems, problem, text } = checks;
  const subject = resolveSubject(item.subject, checks, keys);
  const decisionNumber = text('decisionNumber', item.decisionNumber, 100, M.RECORDS_LICENCE_DECISION_NUMBER_EMPTY());
  const certificateName = text('certificateName', item.certificateName, 200);
  const certificateNumber = text('certificateNumber', item.certificateNumber, 100);
  const content = text('content', item.content, 4000, M.RECORDS_LICENCE_CONTENT_EMPTY());
  const type = isLicenceType(item.type) ? item.type : null;
  if (!type) problem('type', M.RECORDS_LICENCE_TYPE_UNKNOWN({ value: item.type, allowed: Object.keys(LICENCE_TYPES) }));
  checks.decisionDate('decisionDate', item.decisionDate, today);
  const validUntil = item.validUntil ?? null;
  if (!isRealDate(item.validFrom)) problem('validFrom', KIT_MESSAGES.DATE_INVALID({ value: item.validFrom }));
  if (validUntil !== null && !isRealDate(validUntil)) problem('validUntil', KIT_MESSAGES.DATE_INVALID({ value: validUntil }));
  else if (validUntil !== null && isRealDate(item.validFrom) && validUntil < item.validFrom)
    problem('validUntil', M.RECORDS_LICENCE_VALID_UNTIL_BEFORE_FROM({ until: validUntil, from: item.validFrom }));
  if (problems.length || !subject) return { problems };

  const values = {
    subjectId: subject.subjectId,
    subjectIsPerson: subject.kind === 'NATURAL_PERSON',
    reportingUnitId: unitId,
    decisionNumber: decisionNumber!,
    certificateName,
    certificateNumber,
    type: type!,
    content: content!,
    decisionDate: item.decisionDate,
    validFrom: item.validFrom,
    validUntil,
    revoked: item.revoked === true,
  };
  return { licence: { subject, values: { ...values, contentHash: licenceContentHash({ ...values, name: subject.name }) } } };
}

/**
 * 行政许可归集: validates every item and stores it idempotently. Each item gets its own result; a rejected or
 * failing item never blocks the others.
 */
export async function reportLicences(
  ctx: PolicyScope & { licences: LicenceStore; keys: SubjectKeys },
  items: LicenceReportInput[],
): Promise<LicenceReportResult[]> {
  const unitId = reportingUnitFor(ctx.principal, items.length);
  const today = chinaToday();
  const results: LicenceReportResult[] = new Array(items.length);
  const accepted: { index: number; licence: PreparedLicence }[] = [];
  for (const [index, item] of items.entries()) {
    const prepared = prepareLicence(item, `input[${index}]`, unitId, ctx.keys, today);
    if ('problems' in prepared)
      results[index] = {
        index,
        decisionNumber: item.decisionNumber ?? null,
        outcome: 'REJECTED',
        licence: null,
        problems: prepared.problems,
      };
    else accepted.push({ index, licence: prepared.licence });
  }
  const stored = await ctx.licences.submit(accepted.map((a) => a.licence));
  accepted.forEach(({ index, licence }, i) => {
    const result = stored[i]!;
    const { decisionNumber } = licence.values;
    if (result.outcome === 'FAILED') {
      log.error({ err: result.error, requestId: ctx.requestId, unitId, decisionNumber }, 'licence could not be stored');
      results[index] = {
        index,
        decisionNumber,
        outcome: 'REJECTED',
        licence: null,
        problems: [{ field: `input[${index}]`, reason: M.RECORDS_NOT_STORED() }],
      };
      return;
    }
    if (result.outcome !== 'DUPLICATE')
      ctx.audit.note(result.row.subjectIsPerson ? 'PERSON_LICENCE' : 'ADMINISTRATIVE_LICENCE', [result.row.subjectId], 'MUTATION');
    results[index] = { index, decisionNumber, outcome: result.outcome, licence: result.row, problems: [] };
  });
  countIntake('licence', results);
  return results;
}
