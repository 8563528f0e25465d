import { badInput } from './errors.js';
import { KIT_MESSAGES as M } from './kit-messages.js';
import type { Message } from './messages.js';
import { chinaToday } from './time.js';

/**
 * Unified social credit codes (GB 32100-2015) and resident ID numbers (GB 11643-1999).
 * Rules and examples: /work/shared/REFERENCE.md. Checks return a reason instead of throwing so imports can
 * flag historic codes that fail the check (registries hold a few) rather than dropping them silently.
 */
export type Check =
  | { ok: true; value: string }
  /** `checksumOnly`: well-formed but the check character is wrong; `value` is then the normalised input. */
  | { ok: false; reason: Message; checksumOnly?: true; value?: string };

/** Values 0-30 in this order; I, O, Z, S, V are left out because they are easily confused with digits. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const ID_NUMBER_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Indexed by (weighted sum mod 11). */
const ID_NUMBER_CHECK_CHARS = '10X98765432';

/** Not 1900: real registries hold people born in the 1880s (e.g. 440524188001010014). */
const EARLIEST_BIRTH_DATE = '18500101';

const LENGTH = 18;
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const fail = (reason: Message): Check => ({ ok: false, reason });

/** Code points, not UTF-16 units, so a pasted Chinese character or emoji counts (and is quoted) as one. */
const chars = (s: string): string[] => Array.from(s);

function lengthProblem(cs: string[], expected: number): Message | undefined {
  return cs.length === expected ? undefined : M.WRONG_LENGTH({ expected, got: cs.length });
}

/** `allowed(c, index)` decides; the message tells the user what would have been accepted. */
function badCharProblem(
  cs: string[],
  allowed: (c: string, i: number) => boolean,
  message: typeof M.CREDIT_CODE_BAD_CHARACTER,
): Message | undefined {
  const i = cs.findIndex((c, index) => !allowed(c, index));
  return i < 0 ? undefined : message({ char: cs[i]!, position: i + 1 });
}

const inCreditAlphabet = (c: string): boolean => CREDIT_CODE_ALPHABET.includes(c);

/** Alphabet first, then the region digits, so the user hears about a stray letter before the shape. */
function creditCodeBodyProblem(cs: string[]): Message | undefined {
  const problem = badCharProblem(cs, inCreditAlphabet, M.CREDIT_CODE_BAD_CHARACTER);
  if (problem) return problem;
  if (!cs.slice(2, 8).every(isDigit)) return M.CREDIT_CODE_REGION_NOT_DIGITS();
  return undefined;
}

export function creditCodeCheckChar(first17: string): string {
  const cs = chars(first17);
  const problem = lengthProblem(cs, 17) ?? badCharProblem(cs, inCreditAlphabet, M.CREDIT_CODE_BAD_CHARACTER);
  if (problem) throw new Error(`credit code head: ${problem.en}`);
  const sum = cs.reduce((acc, c, i) => acc + CREDIT_CODE_ALPHABET.indexOf(c) * CREDIT_CODE_WEIGHTS[i]!, 0);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function checkCreditCode(input: string): Check {
  const value = input.trim().toUpperCase();
  if (value === '') return fail(M.EMPTY());
  const cs = chars(value);
  const problem = lengthProblem(cs, LENGTH) ?? creditCodeBodyProblem(cs);
  if (problem) return fail(problem);
  const expected = creditCodeCheckChar(value.slice(0, 17));
  const got = value[17]!;
  if (got !== expected) return { ok: false, reason: M.CREDIT_CODE_CHECK_CHARACTER({ expected, got }), checksumOnly: true, value };
  return { ok: true, value };
}

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Calendar arithmetic done by hand: Date maps years 0-99 to 19xx and would misjudge their leap days. */
function birthDateProblem(yyyymmdd: string): Message | undefined {
  const notReal = M.ID_NUMBER_BIRTH_DATE_INVALID({ date: yyyymmdd });
  if (!/^\d{8}$/.test(yyyymmdd)) return notReal;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const monthDays = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (m < 1 || m > 12 || d < 1 || d > monthDays[m - 1]!) return notReal;
  if (yyyymmdd < EARLIEST_BIRTH_DATE) return M.ID_NUMBER_BIRTH_DATE_TOO_EARLY({ date: yyyymmdd });
  // Today in China, not on the server's clock: a baby registered just after midnight in Taicang is not born in the future.
  if (yyyymmdd > chinaToday().replaceAll('-', '')) return M.ID_NUMBER_BIRTH_DATE_FUTURE({ date: yyyymmdd });
  return undefined;
}

export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`ID number head must be 17 digits, got '${first17}'`);
  const sum = Array.from(first17).reduce((acc, c, i) => acc + Number(c) * ID_NUMBER_WEIGHTS[i]!, 0);
  return ID_NUMBER_CHECK_CHARS[sum % 11]!;
}

export function checkIdNumber(input: string): Check {
  // Only the check position may be a letter, so only a trailing x is a plausible typing variant of X.
  const value = input.trim().replace(/x$/, 'X');
  if (value === '') return fail(M.EMPTY());
  const cs = chars(value);
  const problem =
    lengthProblem(cs, LENGTH) ??
    badCharProblem(cs, (c, i) => isDigit(c) || (i === 17 && c === 'X'), M.ID_NUMBER_BAD_CHARACTER) ??
    birthDateProblem(value.slice(6, 14));
  if (problem) return fail(problem);
  const expected = idNumberCheckChar(value.slice(0, 17));
  const got = value[17]!;
  if (got !== expected) return fail(M.ID_NUMBER_CHECK_CHARACTER({ expected, got }));
  return { ok: true, value };
}

export function assertCreditCode(field: string, input: string): string {
  const check = checkCreditCode(input);
  if (!check.ok) throw badInput(field, check.reason);
  return check.value;
}

export function assertIdNumber(field: string, input: string): string {
  const check = checkIdNumber(input);
  if (!check.ok) throw badInput(field, check.reason);
  return check.value;
}

/** For seeding and tests: refuses heads whose code checkCreditCode would reject anyway. */
export function makeCreditCode(head: string): string {
  const cs = chars(head);
  const problem = lengthProblem(cs, 17) ?? creditCodeBodyProblem(cs);
  if (problem) throw new Error(`credit code head: ${problem.en}`);
  return head + creditCodeCheckChar(head);
}

export function makeIdNumber(region: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(region)) throw new Error(`region must be 6 digits, got '${region}'`);
  const dateProblem = birthDateProblem(birthDate);
  if (dateProblem) throw new Error(dateProblem.en);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new Error(`sequence must be an integer 0-999, got ${sequence}`);
  }
  const head = region + birthDate + String(sequence).padStart(3, '0');
  return head + idNumberCheckChar(head);
}

export function idNumberBirthDate(idNumber: string): string {
  const check = checkIdNumber(idNumber);
  if (!check.ok) throw new Error(`not a valid ID number: ${check.reason.en}`);
  const d = check.value.slice(6, 14);
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/**
 * Always ten stars whatever the input length, so the mask does not reveal whether the number was a
 * full 18-character one; inputs too short to keep 4 + 4 characters are masked entirely.
 */
export function maskIdNumber(idNumber: string): string {
  const cs = chars(idNumber.trim().replace(/x$/, 'X'));
  if (cs.length <= 8) return '*'.repeat(cs.length);
  return cs.slice(0, 4).join('') + '*'.repeat(10) + cs.slice(-4).join('');
}

/** Code points, so a name starting with a supplementary-plane character (e.g. 𠮷) keeps it whole. */
export function maskPersonName(name: string): string {
  const [first, ...rest] = chars(name.trim());
  return first === undefined ? '' : first + '*'.repeat(rest.length);
}

/**
 * The kind of organisation a credit code names, from its first two characters (GB 32100-2015: registering
 * authority and organisation type): 92 individual business; other 9x and Y registrations non-legal-person
 * organisations only where the type says so; everything else a legal person.
 */
export function organisationKindFromCode(code: string): 'LEGAL_PERSON' | 'OTHER_ORGANISATION' | 'INDIVIDUAL_BUSINESS' {
  const head = code.slice(0, 2);
  if (head === '92') return 'INDIVIDUAL_BUSINESS';
  if (head.startsWith('Y') || head === '59' || head === '19') return 'OTHER_ORGANISATION';
  return 'LEGAL_PERSON';
}
