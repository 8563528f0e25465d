import { badInput, forbidden } from '../kit/errors.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import type { Message } from '../kit/messages.js';
import type { SubjectSeen } from '../kit/event-contracts.js';
import { checkCreditCode, checkIdNumber, maskIdNumber, organisationKindFromCode } from '../kit/identifiers.js';
import { encryptIdNumber, personSubjectId } from '../kit/personal-data.js';
import { isRealDate } from '../kit/scalars.js';
import type { Principal } from '../kit/principal.js';
import { unholdableStrings } from '../kit/text-guard.js';
import { RECORDS_MESSAGES as M } from './messages.js';

/**
 * What every reported item (a record, a licence) is checked with: problems that name `input[i].field`,
 * the subject it names and the credit file it opens (subject.seen), text lengths and decision dates.
 */

/** One refused field: `reason` is a Message, rendered in the caller's language by ReportProblem (code beside it). */
export interface Problem {
  field: string;
  reason: Message;
}

/** The subject of a report: an organisation by credit code or a natural person by ID number, with its name. */
export interface SubjectRefInput {
  creditCode?: string | null;
  idNumber?: string | null;
  name: string;
  historicCode?: boolean | null;
}

export interface SubjectKeys {
  pseudonymKey: Buffer;
  idEncryptionKey: Buffer;
}

export const EARLIEST_DECISION = '2000-01-01';
export const MAX_BATCH = 1000;

/** The unit a batch of reports comes from; a call with no items or more than MAX_BATCH is refused whole. */
export function reportingUnitFor(principal: Principal, count: number): string {
  const unitId = principal.unitId;
  if (!unitId) throw forbidden(M.RECORDS_NO_MEMBER_UNIT());
  if (count === 0) throw badInput('input', KIT_MESSAGES.EMPTY());
  if (count > MAX_BATCH) throw badInput('input', M.RECORDS_BATCH_TOO_LARGE({ max: MAX_BATCH, got: count }));
  return unitId;
}

export const trimmed = (value: string | null | undefined): string => (value ?? '').trim();

/** Problems of one item under `at`; the text guard runs first, and a field it refused gets no second problem. */
export function itemProblems(item: object, at: string) {
  // Text PostgreSQL cannot hold as sent (U+0000, a lone surrogate) is refused on its field, never altered;
  // other checks of that field would only describe the same bad text again.
  const problems: Problem[] = unholdableStrings(item, at).map((p) => ({ field: p.field, reason: p.reason }));
  const unholdable = new Set(problems.map((p) => p.field));
  const problem = (field: string, reason: Message): void => {
    if (!unholdable.has(`${at}.${field}`)) problems.push({ field: `${at}.${field}`, reason });
  };
  /** Trimmed text, checked for presence (when required) and length; null when absent and optional. */
  const text = (field: string, value: string | null | undefined, max: number, required: Message | null = null): string | null => {
    const clean = trimmed(value);
    if (!clean) {
      if (required !== null) problem(field, required);
      return null;
    }
    if (clean.length > max) problem(field, KIT_MESSAGES.TEXT_TOO_LONG({ max, got: clean.length }));
    return clean;
  };
  /** A decision date: real, not in the future, not before EARLIEST_DECISION. */
  const decisionDate = (field: string, value: string, today: string): void => {
    if (!isRealDate(value)) problem(field, KIT_MESSAGES.DATE_INVALID({ value }));
    else if (value > today) problem(field, M.RECORDS_DECISION_DATE_FUTURE({ value, today }));
    else if (value < EARLIEST_DECISION) problem(field, M.RECORDS_DECISION_DATE_TOO_EARLY({ earliest: EARLIEST_DECISION }));
  };
  return { problems, problem, text, decisionDate };
}

export type Problems = ReturnType<typeof itemProblems>;

/**
 * The subject an item names, as the credit file it opens (the subject.seen payload): a credit code checked by
 * GB 32100 (a registry's historic code only flagged, with historicCode), or an ID number by GB 11643, kept
 * only encrypted and masked. Undefined when the reference is not usable; the problems say why.
 */
export function resolveSubject(ref: SubjectRefInput, { problem }: Problems, keys: SubjectKeys): SubjectSeen | undefined {
  const { creditCode, idNumber } = ref;
  const name = trimmed(ref.name);
  if (!name) problem('subject.name', KIT_MESSAGES.EMPTY());
  else if (name.length > 200) problem('subject.name', KIT_MESSAGES.TEXT_TOO_LONG({ max: 200, got: name.length }));
  if (creditCode && idNumber) {
    problem('subject', M.RECORDS_SUBJECT_BOTH_IDS());
    return undefined;
  }
  if (creditCode) {
    const check = checkCreditCode(creditCode);
    const historic = !check.ok && check.checksumOnly && ref.historicCode === true;
    if (!check.ok && !historic) {
      problem('subject.creditCode', check.checksumOnly ? M.RECORDS_CREDIT_CODE_HISTORIC_HINT({ check: check.reason }) : check.reason);
      return undefined;
    }
    const code = check.value!;
    return {
      subjectId: code,
      kind: organisationKindFromCode(code),
      name,
      creditCode: code,
      creditCodeChecksumValid: check.ok,
      idNumberEncrypted: null,
      idNumberMasked: null,
    };
  }
  if (idNumber) {
    const check = checkIdNumber(idNumber);
    if (!check.ok) {
      problem('subject.idNumber', check.reason);
      return undefined;
    }
    return {
      subjectId: personSubjectId(check.value, keys.pseudonymKey),
      kind: 'NATURAL_PERSON',
      name,
      creditCode: null,
      creditCodeChecksumValid: null,
      idNumberEncrypted: encryptIdNumber(check.value, keys.idEncryptionKey),
      idNumberMasked: maskIdNumber(check.value),
    };
  }
  problem('subject', M.RECORDS_SUBJECT_NO_ID());
  return undefined;
}
