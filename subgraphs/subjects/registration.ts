import { checkCreditCode, creditCodeCheckChar, organisationKindFromCode, type Check } from '../kit/identifiers.js';
import { isRealDate } from '../kit/scalars.js';
import type { Message } from '../kit/messages.js';
import { unholdableStrings } from '../kit/text-guard.js';
import type { SubjectRegistrationInput } from './generated/graphql.js';
import { SUBJECTS_MESSAGES as M } from './messages.js';
import type { NewSubjectRow, SubjectRow } from './tables.js';

export type ProblemCode =
  | 'INVALID_CREDIT_CODE'
  | 'REQUIRED'
  | 'INVALID_KIND'
  | 'INVALID_AMOUNT'
  | 'INVALID_DATE'
  | 'FUTURE_DATE'
  | 'DATE_ORDER'
  | 'TOO_LONG'
  | 'INVALID_TEXT'
  | 'NOT_STORED'
  | 'UNKNOWN_SUBJECT'
  | 'DUPLICATE_IN_CALL';

/**
 * One refused field of one item. `reason` is a Message (zh and en, with its own stable message code, beside the
 * problem's enum `code`): the GraphQL field renders it in the caller's language. Problems are answered, never stored.
 */
export interface RegistrationProblem {
  field: string;
  reason: Message;
  code: ProblemCode;
}

/** What the registry keeps of an organisation; nothing the platform adds (tags) and nothing of persons. */
export type RegisteredValues = Pick<
  SubjectRow,
  | 'name'
  | 'kind'
  | 'legalRepresentative'
  | 'registeredAddress'
  | 'district'
  | 'industry'
  | 'registeredOn'
  | 'status'
  | 'creditCodeChecksumValid'
  | 'registeredCapitalAmount'
  | 'registeredCapitalCurrency'
  | 'organisationType'
  | 'businessScope'
  | 'registrationAuthority'
  | 'approvedOn'
>;

/** A checked item: its code and the fields it sets, normalised (trimmed; "" clears). */
export interface PreparedRegistration {
  code: string;
  checksumValid: boolean;
  set: Partial<RegisteredValues>;
}

export const MAX_REGISTRATIONS = 1000;
const EARLIEST_DATE = '1900-01-01';
const TEXT_LIMIT = 200;
const LIMITS: Partial<Record<keyof SubjectRegistrationInput, number>> = { businessScope: 4000 };
const OPTIONAL_TEXT = [
  'legalRepresentative',
  'registeredAddress',
  'district',
  'industry',
  'organisationType',
  'businessScope',
  'registrationAuthority',
] as const;
/** 万 with at most 12 integer digits (numeric(18,6)) and 6 fraction digits; no sign, exponent or separator. */
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;

/** "0500.500000" → "500.5": one spelling per amount, so a re-send compares equal to what numeric(18,6) reads back. */
export function canonicalAmount(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  const integer = whole!.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${integer}.${decimals}` : integer;
}

function amountProblem(amount: string): Message | null {
  if (!AMOUNT.test(amount)) return M.SUBJECTS_AMOUNT_INVALID({ amount });
  return /^[0.]+$/.test(amount) ? M.SUBJECTS_AMOUNT_NOT_POSITIVE() : null;
}

function dateProblem(value: string, today: string): { reason: Message; code: ProblemCode } | null {
  if (!isRealDate(value)) return { reason: M.SUBJECTS_DATE_INVALID({ value }), code: 'INVALID_DATE' };
  if (value < EARLIEST_DATE) return { reason: M.SUBJECTS_DATE_TOO_EARLY({ value, earliest: EARLIEST_DATE }), code: 'INVALID_DATE' };
  if (value > today) return { reason: M.SUBJECTS_DATE_IN_FUTURE({ value, today }), code: 'FUTURE_DATE' };
  return null;
}

function creditCodeProblem(check: Extract<Check, { ok: false }>): Message {
  if (!check.checksumOnly) return M.SUBJECTS_CREDIT_CODE_INVALID({ why: check.reason });
  const code = check.value!;
  return M.SUBJECTS_CREDIT_CODE_HISTORIC_NOT_FLAGGED({ expected: creditCodeCheckChar(code.slice(0, 17)), got: code[17]! });
}

/**
 * Checks one item of registerSubjects as the registry sends it (a key left out keeps what the file holds) on
 * its own (no file needed): every problem names its field as `at.field`, in words the registry's staff read,
 * with a stable code. Text that cannot be stored is refused on its field and not described again by the other
 * checks of that field.
 */
export function prepareRegistration(
  item: SubjectRegistrationInput,
  at: string,
  today: string,
): { registration: PreparedRegistration } | { problems: RegistrationProblem[] } {
  const problems: RegistrationProblem[] = unholdableStrings(item, at).map((p) => ({
    field: p.field,
    reason: p.reason,
    code: 'INVALID_TEXT',
  }));
  const unholdable = new Set(problems.map((p) => p.field));
  const problem = (field: string, reason: Message, code: ProblemCode) => {
    if (![...unholdable].some((bad) => bad === `${at}.${field}` || bad.startsWith(`${at}.${field}.`)))
      problems.push({ field: `${at}.${field}`, reason, code });
  };
  const has = (key: keyof SubjectRegistrationInput) => Object.hasOwn(item, key);
  const set: Partial<RegisteredValues> = {};

  const check = checkCreditCode(item.creditCode);
  const historic = !check.ok && check.checksumOnly === true && item.historicCode === true;
  if (!check.ok && !historic) problem('creditCode', creditCodeProblem(check), 'INVALID_CREDIT_CODE');

  const name = item.name?.trim();
  if (has('name') && !name) problem('name', M.SUBJECTS_NAME_EMPTY(), 'REQUIRED');
  else if (name && name.length > TEXT_LIMIT) problem('name', M.SUBJECTS_TEXT_TOO_LONG({ max: TEXT_LIMIT, got: name.length }), 'TOO_LONG');
  else if (name) set.name = name;

  if (item.kind === 'NATURAL_PERSON') problem('kind', M.SUBJECTS_PERSON_NOT_REGISTRABLE(), 'INVALID_KIND');
  else if (item.kind) set.kind = item.kind;
  if (item.status) set.status = item.status;

  for (const key of OPTIONAL_TEXT) {
    if (!has(key)) continue;
    const value = item[key]?.trim() || null;
    const limit = LIMITS[key] ?? TEXT_LIMIT;
    if (value && value.length > limit) problem(key, M.SUBJECTS_TEXT_TOO_LONG({ max: limit, got: value.length }), 'TOO_LONG');
    else set[key] = value;
  }

  for (const key of ['registeredOn', 'approvedOn'] as const) {
    if (!has(key)) continue;
    const value = item[key]?.trim() || null;
    const bad = value ? dateProblem(value, today) : null;
    if (bad) problem(key, bad.reason, bad.code);
    else set[key] = value;
  }

  if (has('registeredCapital')) {
    const capital = item.registeredCapital;
    const amount = capital?.amount.trim();
    const bad = amount === undefined ? null : amountProblem(amount);
    if (bad) problem('registeredCapital.amount', bad, 'INVALID_AMOUNT');
    else
      Object.assign(set, {
        registeredCapitalAmount: amount ? canonicalAmount(amount) : null,
        registeredCapitalCurrency: capital?.currency ?? null,
      });
  }

  if (problems.length) return { problems };
  return { registration: { code: check.value!, checksumValid: check.ok, set } };
}

export type Decision =
  | { outcome: 'CREATED'; row: NewSubjectRow }
  | { outcome: 'UPDATED'; values: RegisteredValues }
  | { outcome: 'UNCHANGED' }
  | { outcome: 'REJECTED'; problems: RegistrationProblem[] };

/** What the file held, as registration compares it: the stored amount read back in its one spelling. */
function registeredOf(row: SubjectRow): RegisteredValues {
  const { name, kind, legalRepresentative, registeredAddress, district, industry, registeredOn, status, creditCodeChecksumValid } = row;
  const {
    registeredCapitalAmount: amount,
    registeredCapitalCurrency,
    organisationType,
    businessScope,
    registrationAuthority,
    approvedOn,
  } = row;
  return {
    name,
    kind,
    legalRepresentative,
    registeredAddress,
    district,
    industry,
    registeredOn,
    status,
    creditCodeChecksumValid,
    registeredCapitalAmount: amount === null ? null : canonicalAmount(amount),
    registeredCapitalCurrency,
    organisationType,
    businessScope,
    registrationAuthority,
    approvedOn,
  };
}

/** A file the registry opens: the kind its code's registering-authority digits say, ACTIVE, nothing else yet. */
function newFile(code: string): RegisteredValues {
  return {
    name: '',
    kind: organisationKindFromCode(code),
    legalRepresentative: null,
    registeredAddress: null,
    district: null,
    industry: null,
    registeredOn: null,
    status: 'ACTIVE',
    creditCodeChecksumValid: true,
    registeredCapitalAmount: null,
    registeredCapitalCurrency: null,
    organisationType: null,
    businessScope: null,
    registrationAuthority: null,
    approvedOn: null,
  };
}

/**
 * The registry's data wins over what the file held (a name a reporting unit typed, the kind guessed from
 * the code): fields it sends replace, fields it leaves out stay. Nothing differs: UNCHANGED, nothing is written.
 */
export function decideRegistration(existing: SubjectRow | null, registration: PreparedRegistration, at: string): Decision {
  const { code, checksumValid, set } = registration;
  const before = existing ? registeredOf(existing) : newFile(code);
  const after: RegisteredValues = { ...before, ...set, creditCodeChecksumValid: checksumValid };
  const problems: RegistrationProblem[] = [];
  if (!after.name) problems.push({ field: `${at}.name`, reason: M.SUBJECTS_NAME_REQUIRED_FOR_NEW_FILE(), code: 'REQUIRED' });
  if (after.registeredOn && after.approvedOn && after.approvedOn < after.registeredOn) {
    // Named on the date this item sent, when it sent only one of the two.
    const field = set.approvedOn === undefined ? 'registeredOn' : 'approvedOn';
    problems.push({
      field: `${at}.${field}`,
      reason: M.SUBJECTS_DATE_ORDER({ approvedOn: after.approvedOn, registeredOn: after.registeredOn }),
      code: 'DATE_ORDER',
    });
  }
  if (problems.length) return { outcome: 'REJECTED', problems };
  if (!existing) return { outcome: 'CREATED', row: { id: code, creditCode: code, tags: [], ...after } };
  const same = (Object.keys(after) as (keyof RegisteredValues)[]).every((key) => after[key] === before[key]);
  return same ? { outcome: 'UNCHANGED' } : { outcome: 'UPDATED', values: after };
}
