import { KIT_MESSAGES } from '../kit/kit-messages.js';
import type { Message } from '../kit/messages.js';
import { PENALTY_TYPES, type PenaltyType } from '../kit/vocabulary.js';
import type { CategoryEntry } from './catalogue.js';
import { trimmed, type Problems } from './item-checks.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import type { CreditRecordRow } from './tables.js';

/**
 * 行政处罚的双公示信息 (公共信用信息报告标准 2022; 信用中国 行政处罚数据标准): what a penalty decision
 * imposed, in the categories of 《行政处罚法》第九条, with the amounts in 万元 as decimal text — never a
 * float — and the licence suspended or revoked. Rules only; intake (intake-items.ts) applies them per item.
 */

export { PENALTY_TYPES, type PenaltyType };
const ORDER = Object.keys(PENALTY_TYPES) as PenaltyType[];

export const isPenaltyType = (value: string): value is PenaltyType => Object.hasOwn(PENALTY_TYPES, value);
const named = (type: PenaltyType): string => `${type}（${PENALTY_TYPES[type]}）`;

/** As a member unit sends it (PenaltyInput). */
export interface PenaltyInput {
  types: string[];
  content: string;
  fineAmount?: string | null;
  confiscatedAmount?: string | null;
  licenceAffected?: string | null;
}

/** As stored with the record (jsonb) and kept in its history: every key present, types in the law's order. */
export interface PenaltyDetails {
  types: PenaltyType[];
  content: string;
  fineAmount: string | null;
  confiscatedAmount: string | null;
  licenceAffected: string | null;
}

export const MAX_PENALTY_CONTENT = 2000;
export const MAX_LICENCE_AFFECTED = 500;

/** 万元 as decimal text: at most 12 integer and 6 fraction digits (to the 0.01 元), no sign, no exponent. */
const DECIMAL = /^(0|[1-9]\d{0,11})(?:\.(\d{1,6}))?$/;

/**
 * A positive amount in 万元, in its shortest form (trailing fraction zeros dropped: 1.50 → 1.5), so the same
 * amount sent twice is the same content; or the reason it is not one.
 */
export function checkAmount(value: string): { amount: string } | { reason: Message } {
  const text = value.trim();
  const match = DECIMAL.exec(text);
  const fraction = match?.[2]?.replace(/0+$/, '') ?? '';
  if (!match || (match[1] === '0' && !fraction)) {
    return { reason: M.RECORDS_AMOUNT_INVALID({ value }) };
  }
  return { amount: fraction ? `${match[1]}.${fraction}` : match[1]! };
}

/** Which penalty types call for which detail: 条件必填 of the national data standard. */
const NEEDS: readonly {
  field: 'fineAmount' | 'confiscatedAmount' | 'licenceAffected';
  types: readonly PenaltyType[];
  what: string;
  whatEn: string;
}[] = [
  { field: 'fineAmount', types: ['FINE'], what: '罚款金额（万元）', whatEn: 'the fine (in 10,000 yuan)' },
  {
    field: 'confiscatedAmount',
    types: ['CONFISCATION'],
    what: '没收违法所得、没收非法财物的金额（万元）',
    whatEn: 'the amount confiscated (in 10,000 yuan)',
  },
  {
    field: 'licenceAffected',
    types: ['LICENCE_SUSPENSION', 'LICENCE_REVOCATION'],
    what: '暂扣或吊销证照名称及编号',
    whatEn: 'the name and number of the licence suspended or revoked',
  },
];

/**
 * The 双公示 fields of one report item: required for a category of kind ADMINISTRATIVE_PENALTY, refused for any
 * other; null when absent (or refused, with the problem noted on `penalty…`).
 */
export function preparePenalty(
  input: PenaltyInput | null | undefined,
  record: { entry: CategoryEntry | undefined; isPerson: boolean | undefined },
  problem: Problems['problem'],
): PenaltyDetails | null {
  const { entry } = record;
  if (!entry) return null;
  if (entry.kind !== 'ADMINISTRATIVE_PENALTY') {
    if (input) problem('penalty', M.RECORDS_PENALTY_NOT_A_PENALTY({ code: entry.code, label: entry.label, kind: entry.kind }));
    return null;
  }
  if (!input) {
    problem('penalty', M.RECORDS_PENALTY_REQUIRED({ code: entry.code, label: entry.label }));
    return null;
  }
  const sent = input.types ?? [];
  const unknown = sent.filter((type) => !isPenaltyType(type));
  const repeated = sent.filter((type, i) => sent.indexOf(type) !== i);
  if (!sent.length) problem('penalty.types', M.RECORDS_PENALTY_TYPES_EMPTY());
  else if (unknown.length) problem('penalty.types', M.RECORDS_PENALTY_TYPES_UNKNOWN({ values: unknown }));
  else if (repeated.length) {
    const types = [...new Set(repeated)] as PenaltyType[];
    problem('penalty.types', M.RECORDS_PENALTY_TYPES_REPEATED({ types, named: types.map(named) }));
  }
  const types = ORDER.filter((type) => sent.includes(type));
  if (types.includes('DETENTION') && record.isPerson === false)
    problem('penalty.types', M.RECORDS_PENALTY_DETENTION_PERSONS_ONLY({ named: named('DETENTION') }));

  const content = trimmed(input.content);
  if (!content) problem('penalty.content', M.RECORDS_PENALTY_CONTENT_EMPTY());
  else if (content.length > MAX_PENALTY_CONTENT)
    problem('penalty.content', KIT_MESSAGES.TEXT_TOO_LONG({ max: MAX_PENALTY_CONTENT, got: content.length }));

  const details: PenaltyDetails = { types, content, fineAmount: null, confiscatedAmount: null, licenceAffected: null };
  for (const need of NEEDS) {
    const value = trimmed(input[need.field]);
    const applies = need.types.some((type) => types.includes(type));
    const which = { types: need.types, named: need.types.map(named), what: need.what, whatEn: need.whatEn };
    if (!value) {
      if (applies) problem(`penalty.${need.field}`, M.RECORDS_PENALTY_DETAIL_REQUIRED(which));
      continue;
    }
    if (!applies) {
      problem(`penalty.${need.field}`, M.RECORDS_PENALTY_DETAIL_NOT_APPLICABLE(which));
      continue;
    }
    if (need.field === 'licenceAffected') {
      if (value.length > MAX_LICENCE_AFFECTED)
        problem(`penalty.${need.field}`, KIT_MESSAGES.TEXT_TOO_LONG({ max: MAX_LICENCE_AFFECTED, got: value.length }));
      details.licenceAffected = value;
      continue;
    }
    const checked = checkAmount(value);
    if ('reason' in checked) problem(`penalty.${need.field}`, checked.reason);
    else details[need.field] = checked.amount;
  }
  return details;
}

/** The 双公示 fields as shown with a record: 行政处罚决定书文号 is the unit's own document number of the record. */
export const penaltyShown = (row: Pick<CreditRecordRow, 'penalty' | 'unitReference'>) =>
  row.penalty ? { decisionNumber: row.unitReference, ...row.penalty } : null;
