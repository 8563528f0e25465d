import { badInput } from '../kit/errors.js';
import { addDays, chinaToday } from '../kit/time.js';
import { REPORTS_MESSAGES as M } from './messages.js';

/**
 * 专项信用报告 (Jiangsu practice: 以专项信用报告代替有无违法违规记录证明): the fields a subject may ask a
 * report for, each standing for the member units whose duties cover it. The units are read from the
 * subjects subgraph at issue, so a unit given the duty later is searched from then on.
 */
export const SPECIAL_FIELDS = {
  MARKET_REGULATION: { label: '市场监管领域', duties: ['MARKET_REGULATION', 'PRICE_SUPERVISION'] },
  TAXATION: { label: '税务领域', duties: ['TAXATION'] },
  PUBLIC_HEALTH: { label: '卫生健康领域', duties: ['PUBLIC_HEALTH'] },
  PUBLIC_SECURITY: { label: '公安领域', duties: ['PUBLIC_SECURITY'] },
  HUMAN_RESOURCES_AND_SOCIAL_SECURITY: { label: '人力资源和社会保障领域', duties: ['LABOUR_AND_SOCIAL_SECURITY'] },
  MEDICAL_INSURANCE: { label: '医疗保障领域', duties: ['MEDICAL_INSURANCE'] },
  TRANSPORT: { label: '交通运输领域', duties: ['TRANSPORT'] },
  COMMERCE: { label: '商务领域', duties: ['COMMERCE'] },
  AGRICULTURE_AND_RURAL_AFFAIRS: { label: '农业农村领域', duties: ['AGRICULTURE_AND_WILDLIFE'] },
  CIVIL_AFFAIRS: { label: '民政领域', duties: ['CIVIL_AFFAIRS'] },
  JUSTICE: { label: '司法领域', duties: ['JUSTICE'] },
} as const satisfies Record<string, { label: string; duties: readonly string[] }>;

export type SpecialField = keyof typeof SPECIAL_FIELDS;

/** At most five years back: the longest period a certificate of no violations is asked for (IPOs ask three). */
const LONGEST_DAYS = 5 * 366;

export interface SpecialRequest {
  fields: { key: SpecialField; label: string; duties: readonly string[] }[];
  from: string;
  to: string;
  /** Names the scope among the subject's special reports: the same scope on the same day may reuse a report. */
  scope: string;
}

/** The fields (in their catalogue order, once each) and the period, checked: every refusal names the argument. */
export function specialRequest(fields: readonly string[], from: string, to: string, today = chinaToday()): SpecialRequest {
  if (!fields.length) throw badInput('fields', M.REPORTS_SPECIAL_FIELDS_EMPTY());
  const unknown = fields.find((field) => !(field in SPECIAL_FIELDS));
  if (unknown) throw badInput('fields', M.REPORTS_SPECIAL_FIELD_UNKNOWN({ field: unknown }));
  if (from > to) throw badInput('from', M.REPORTS_SPECIAL_PERIOD_REVERSED({ from, to }));
  if (to > today) throw badInput('to', M.REPORTS_SPECIAL_PERIOD_IN_FUTURE({ to, today }));
  if (from < addDays(to, -LONGEST_DAYS)) throw badInput('from', M.REPORTS_SPECIAL_PERIOD_TOO_LONG());
  const chosen = (Object.keys(SPECIAL_FIELDS) as SpecialField[]).filter((key) => fields.includes(key));
  return { fields: chosen.map((key) => ({ key, ...SPECIAL_FIELDS[key] })), from, to, scope: `${chosen.join(',')}|${from}|${to}` };
}
