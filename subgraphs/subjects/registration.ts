import { checkCreditCode, creditCodeCheckChar, organisationKindFromCode, type Check } from '../kit/identifiers.js';
import { isRealDate } from '../kit/scalars.js';
import { unholdableStrings } from '../kit/text-guard.js';
import type { SubjectRegistrationInput } from './generated/graphql.js';
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

export interface RegistrationProblem {
  field: string;
  reason: string;
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

function amountProblem(amount: string): string | null {
  if (!AMOUNT.test(amount))
    return `“${amount}”不是有效金额：应为正的十进制数（单位万元），整数最多 12 位、小数最多 6 位，不带正负号、指数或千分位`;
  return /^[0.]+$/.test(amount) ? '金额必须大于 0' : null;
}

function dateProblem(value: string, today: string): { reason: string; code: ProblemCode } | null {
  if (!isRealDate(value)) return { reason: `“${value}”不是有效日历日期（YYYY-MM-DD）`, code: 'INVALID_DATE' };
  if (value < EARLIEST_DATE) return { reason: `${value} 早于 ${EARLIEST_DATE}`, code: 'INVALID_DATE' };
  if (value > today) return { reason: `${value} 晚于今天（${today}，北京时间）`, code: 'FUTURE_DATE' };
  return null;
}

function creditCodeProblem(check: Extract<Check, { ok: false }>): string {
  if (!check.checksumOnly) return `统一社会信用代码不符合 GB 32100-2015（${check.reason.zh}）`;
  const code = check.value!;
  return `统一社会信用代码校验位应为“${creditCodeCheckChar(code.slice(0, 17))}”，实为“${code[17]}”；登记机关的历史代码请设 historicCode: true（将标记为校验未通过）`;
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
  const problems: RegistrationProblem[] = unholdableStrings(item, at).map((p) => ({ field: p.field, reason: p.reason.zh, code: 'INVALID_TEXT' }));
  const unholdable = new Set(problems.map((p) => p.field));
  const problem = (field: string, reason: string, code: ProblemCode) => {
    if (![...unholdable].some((bad) => bad === `${at}.${field}` || bad.startsWith(`${at}.${field}.`)))
      problems.push({ field: `${at}.${field}`, reason, code });
  };
  const has = (key: keyof SubjectRegistrationInput) => Object.hasOwn(item, key);
  const set: Partial<RegisteredValues> = {};

  const check = checkCreditCode(item.creditCode);
  const historic = !check.ok && check.checksumOnly === true && item.historicCode === true;
  if (!check.ok && !historic) problem('creditCode', creditCodeProblem(check), 'INVALID_CREDIT_CODE');

  const name = item.name?.trim();
  if (has('name') && !name) problem('name', '名称不能为空', 'REQUIRED');
  else if (name && name.length > TEXT_LIMIT) problem('name', `最多 ${TEXT_LIMIT} 个字符，实为 ${name.length} 个`, 'TOO_LONG');
  else if (name) set.name = name;

  if (item.kind === 'NATURAL_PERSON') problem('kind', '自然人没有登记信息：只能登记法人、非法人组织或个体工商户', 'INVALID_KIND');
  else if (item.kind) set.kind = item.kind;
  if (item.status) set.status = item.status;

  for (const key of OPTIONAL_TEXT) {
    if (!has(key)) continue;
    const value = item[key]?.trim() || null;
    const limit = LIMITS[key] ?? TEXT_LIMIT;
    if (value && value.length > limit) problem(key, `最多 ${limit} 个字符，实为 ${value.length} 个`, 'TOO_LONG');
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
  if (!after.name) problems.push({ field: `${at}.name`, reason: '新建信用档案须提供名称', code: 'REQUIRED' });
  if (after.registeredOn && after.approvedOn && after.approvedOn < after.registeredOn) {
    // Named on the date this item sent, when it sent only one of the two.
    const field = set.approvedOn === undefined ? 'registeredOn' : 'approvedOn';
    problems.push({
      field: `${at}.${field}`,
      reason: `核准日期 ${after.approvedOn} 早于成立日期 ${after.registeredOn}`,
      code: 'DATE_ORDER',
    });
  }
  if (problems.length) return { outcome: 'REJECTED', problems };
  if (!existing) return { outcome: 'CREATED', row: { id: code, creditCode: code, tags: [], ...after } };
  const same = (Object.keys(after) as (keyof RegisteredValues)[]).every((key) => after[key] === before[key]);
  return same ? { outcome: 'UNCHANGED' } : { outcome: 'UPDATED', values: after };
}
