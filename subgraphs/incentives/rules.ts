import { isNegativeKind, NEGATIVE_KINDS, POSITIVE_KINDS } from '../kit/vocabulary.js';
import { addDays, addMonths } from '../kit/time.js';
import type { RecordFactRow } from './tables.js';

/** What the rules read of a record: its row in incentives' projection of records' events. */
export type RecordFact = Pick<
  RecordFactRow,
  | 'recordId'
  | 'subjectId'
  | 'subjectIsPerson'
  | 'category'
  | 'categoryLabel'
  | 'kind'
  | 'severity'
  | 'status'
  | 'decisionDate'
  | 'effectUntil'
>;

export type CreditList = 'RED' | 'KEY_ATTENTION' | 'JOINT_PUNISHMENT';

export { NEGATIVE_KINDS, POSITIVE_KINDS };
/**
 * Statuses under which a record has consequences while its effect lasts; REPAIRED, WITHDRAWN, EXEMPTED and
 * DEFERRED lift or never cause them. EXPIRED (公示期满, announced by records' sweep after `effectUntil`) is an
 * ACTIVE record whose effect has ended: kept here so the date ends it, as it did before the announcement —
 * its points stay booked, its memberships end as timed out, the red list counts from the day after it.
 */
export const EFFECTIVE_STATUSES = ['ACTIVE', 'DISPUTED', 'EXPIRED'];

export const isNegative = (r: Pick<RecordFact, 'kind'>): boolean => isNegativeKind(r.kind);
export const isEffective = (r: Pick<RecordFact, 'status'>): boolean => EFFECTIVE_STATUSES.includes(r.status);

/** A negative record that still counts against its subject on `today`. */
export function countsAgainst(r: RecordFact, today: string): boolean {
  return isNegative(r) && isEffective(r) && (r.effectUntil === null || r.effectUntil >= today);
}

/** An entry rule: a record matching every given condition puts its subject on the list. */
export interface ListRule {
  list: CreditList;
  kinds?: readonly string[];
  severities?: string[];
  categories?: string[];
  reason: string;
  /** How long the membership lasts when the record gives no end of effect (red list: always). */
  months: number;
}

/** §1/§13's grave behaviours and §3's serious reopening failures: the categories whose serious records are jointly punished. */
const JOINT_PUNISHMENT_CATEGORIES = [
  'COUNTERFEIT_MEDICAL_GOODS',
  'COUNTERFEIT_FOOD_AND_DRUGS',
  'ILLEGAL_WILDLIFE_TRADE',
  'EPIDEMIC_FALSE_ADVERTISING',
  'UNFAIR_COMPETITION',
  'PRICE_GOUGING',
  'HOARDING',
  'MONOPOLY_PRICING',
  'PROFITEERING',
  'REOPENING_NONCOMPLIANCE',
  'NO_HEALTH_MONITORING',
  'NO_DISINFECTION',
  'LABOUR_RELATIONS_VIOLATION',
  'CONCEALING_ILLNESS',
  'EVADING_QUARANTINE',
  'SPREADING_RUMOURS',
];

/**
 * Entry rules (notice §3, §5, §6, §10): data, each rule read on its own. Exit is the mirror image: a
 * membership ends when its record no longer meets the rule (repaired, withdrawn, exempted, corrected)
 * and lapses by itself when the record's effect ends.
 */
export const LIST_RULES: readonly ListRule[] = [
  {
    list: 'JOINT_PUNISHMENT',
    kinds: NEGATIVE_KINDS,
    severities: ['SERIOUS'],
    categories: JOINT_PUNISHMENT_CATEGORIES,
    reason: '严重违法失信，列入联合惩戒对象名单，实施联合惩戒（通知第三条、第十条）',
    months: 36,
  },
  {
    list: 'KEY_ATTENTION',
    categories: ['REOPENING_NONCOMPLIANCE', 'NO_HEALTH_MONITORING', 'NO_DISINFECTION', 'LABOUR_RELATIONS_VIOLATION'],
    reason: '未按照要求复工复产，列入重点关注名单，实施差别化监管措施（通知第三条）',
    months: 12,
  },
  {
    list: 'RED',
    kinds: ['HONOR'],
    reason: '疫情防控期间做出突出贡献获得荣誉表彰，选树为诚信典型（通知第六条、第十三条）',
    months: 24,
  },
  {
    list: 'RED',
    categories: ['MEDICAL_AID_HUBEI'],
    reason: '赴湖北参加支援疫情防控医务工作，选树为诚信典型（通知第五条）',
    months: 24,
  },
];

export function matches(rule: ListRule, r: RecordFact): boolean {
  return (
    (!rule.kinds || rule.kinds.includes(r.kind)) &&
    (!rule.severities || rule.severities.includes(r.severity ?? '')) &&
    (!rule.categories || rule.categories.includes(r.category))
  );
}

export interface DesiredMembership {
  /** `<list>|<record id>`: one rule membership per list and causing record. */
  key: string;
  subjectId: string;
  list: CreditList;
  recordId: string;
  reason: string;
  /** When the membership begins if it is new: the decision, or (red list) the day a negative record stopped counting. */
  since: string;
  until: string;
}

export const membershipKey = (list: string, recordId: string): string => `${list}|${recordId}`;

/**
 * The rule memberships one subject's records call for. The red list also asks that no negative record
 * counts against the subject today: a new one takes the subject off, and its end lets it back on.
 */
export function desiredMemberships(records: RecordFact[], today: string): DesiredMembership[] {
  const blocked = records.some((r) => countsAgainst(r, today));
  const unblockedOn = records
    .filter((r) => isNegative(r) && isEffective(r) && r.effectUntil !== null && r.effectUntil < today)
    .map((r) => addDays(r.effectUntil!, 1))
    .sort()
    .at(-1);
  const desired = new Map<string, DesiredMembership>();
  for (const record of records.filter(isEffective)) {
    for (const rule of LIST_RULES) {
      if (!matches(rule, record) || (rule.list === 'RED' && blocked)) continue;
      const key = membershipKey(rule.list, record.recordId);
      if (desired.has(key)) continue;
      const until =
        rule.list === 'RED'
          ? addMonths(record.decisionDate, rule.months)
          : (record.effectUntil ?? addMonths(record.decisionDate, rule.months));
      const since = rule.list === 'RED' && unblockedOn && unblockedOn > record.decisionDate ? unblockedOn : record.decisionDate;
      desired.set(key, { key, subjectId: record.subjectId, list: rule.list, recordId: record.recordId, reason: rule.reason, since, until });
    }
  }
  return [...desired.values()];
}

const LIFTED_BY_STATUS: Record<string, string> = {
  REPAIRED: '信用修复完成，移出名单',
  WITHDRAWN: '记录已撤销，移出名单',
  EXEMPTED: '依据包容审慎政策免予认定失信，移出名单',
  DEFERRED: '依据包容审慎政策暂缓报送，移出名单',
  EXPIRED: '失信信息公示期满，移出名单',
};

/** The end reason of a membership whose record a correction gave to another subject. */
export const MOVED_AWAY_REASON = '记录已更正（主体变更），移出名单';

/**
 * Why a rule membership of `holder` ends: what happened to its record (corrected to another subject, a
 * status that lifts it), or (red list) the negative record now counting.
 */
export function liftReason(list: string, record: RecordFact | undefined, holder?: string): string {
  if (!record) return '记录已不在平台，移出名单';
  if (holder !== undefined && record.subjectId !== holder) return MOVED_AWAY_REASON;
  if (LIFTED_BY_STATUS[record.status]) return LIFTED_BY_STATUS[record.status]!;
  if (list === 'RED') return '存在有效失信记录，移出诚信典型名单';
  return '记录经更正后不再符合列入条件，移出名单';
}

export type SupervisionLevel = 'A' | 'B' | 'C' | 'D';

/** 差别化监管 (notice §3): first matching rule wins; `inspection` is what units set their frequency by. */
export const SUPERVISION_RULES: readonly {
  level: SupervisionLevel;
  when: (s: { lists: Set<string>; negatives: number }) => boolean;
  reason: string;
  inspection: string;
}[] = [
  {
    level: 'D',
    when: (s) => s.lists.has('JOINT_PUNISHMENT'),
    reason: '列入联合惩戒对象名单',
    inspection: '重点监管：提高抽查比例和频次，纳入日常重点检查',
  },
  {
    level: 'C',
    when: (s) => s.lists.has('KEY_ATTENTION') || s.negatives > 0,
    reason: '列入重点关注名单或存在有效失信记录',
    inspection: '加强监管：适当提高抽查比例和频次，督促整改',
  },
  { level: 'A', when: (s) => s.lists.has('RED'), reason: '诚信典型，无有效失信记录', inspection: '优化监管：降低抽查比例和频次，无事不扰' },
  { level: 'B', when: () => true, reason: '无有效失信记录', inspection: '常规监管：按“双随机、一公开”常规比例抽查' },
];

export function deriveSupervision(
  activeLists: Iterable<string>,
  effectiveNegatives: number,
): { level: SupervisionLevel; reason: string; inspection: string } {
  const state = { lists: new Set(activeLists), negatives: effectiveNegatives };
  const rule = SUPERVISION_RULES.find((candidate) => candidate.when(state))!;
  const detail = effectiveNegatives > 0 && rule.level !== 'A' ? `；有效失信记录${effectiveNegatives}条` : '';
  return { level: rule.level, reason: `${rule.reason}${detail}`, inspection: rule.inspection };
}
