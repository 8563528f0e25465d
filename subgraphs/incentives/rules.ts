import type { RecordFacts as RecordEvent } from '../kit/event-contracts.js';
import { addMonths } from '../kit/time.js';
import type { NewMembership } from './data.js';

/** What incentives needs to know of a record: a part of records' event payload, plus when its effect was lifted. */
export type RecordFacts = Pick<
  RecordEvent,
  'id' | 'subjectId' | 'subjectIsPerson' | 'category' | 'categoryLabel' | 'kind' | 'severity' | 'status' | 'decisionDate' | 'publicUntil'
> & {
  /** When a repair or withdrawal ended the record's effect. */
  liftedOn?: string | null;
};

const NEGATIVE = new Set(['ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT']);
const POSITIVE = new Set(['HONEST_CONDUCT', 'HONOR']);
/** Statuses whose consequences still hold; REPAIRED / WITHDRAWN / EXEMPTED / DEFERRED lift or never cause them. */
const EFFECTIVE = new Set(['ACTIVE', 'DISPUTED']);
const LIFTING = new Set(['REPAIRED', 'WITHDRAWN']);

/**
 * Entry rules (DESIGN §3, notice §3/§10): data, read top to bottom. `months` is how long the
 * membership lasts when the record gives no disclosure end.
 */
export const LIST_RULES: readonly { list: string; when: (r: RecordFacts) => boolean; reason: string; months: number }[] = [
  {
    list: 'JOINT_PUNISHMENT',
    when: (r) => NEGATIVE.has(r.kind) && r.severity === 'SERIOUS',
    reason: '严重失信行为，列入联合惩戒对象名单（通知第三条、第十条）',
    months: 36,
  },
  {
    list: 'KEY_ATTENTION',
    when: (r) => ['REOPENING_NONCOMPLIANCE', 'NO_HEALTH_MONITORING', 'NO_DISINFECTION'].includes(r.category),
    reason: '未按照要求复工复产，列入重点关注名单，实施差别化监管（通知第三条）',
    months: 12,
  },
  {
    list: 'RED',
    when: (r) => r.kind === 'HONOR' || r.category === 'MEDICAL_AID_HUBEI',
    reason: '守信激励：荣誉表彰或援鄂医疗，选树为诚信典型（通知第五条、第六条）',
    months: 24,
  },
];

/** One membership per record that meets a rule; red list only while the subject has no effective negative record. */
export function deriveMemberships(records: RecordFacts[]): NewMembership[] {
  const hasNegative = new Set(records.filter((r) => NEGATIVE.has(r.kind) && EFFECTIVE.has(r.status)).map((r) => r.subjectId));
  const memberships: NewMembership[] = [];
  for (const record of records) {
    if (!EFFECTIVE.has(record.status) && !LIFTING.has(record.status)) continue;
    for (const rule of LIST_RULES) {
      if (!rule.when(record)) continue;
      if (rule.list === 'RED' && hasNegative.has(record.subjectId)) continue;
      const lifted = LIFTING.has(record.status);
      memberships.push({
        subjectId: record.subjectId,
        list: rule.list,
        reason: rule.reason,
        since: record.decisionDate,
        until: rule.list === 'RED' ? addMonths(record.decisionDate, rule.months) : (record.publicUntil ?? addMonths(record.decisionDate, rule.months)),
        endedAt: lifted ? new Date(`${record.liftedOn ?? record.decisionDate}T09:00:00+08:00`) : null,
        endReason: lifted ? (record.status === 'REPAIRED' ? '信用修复完成，移出名单' : '记录已撤销，移出名单') : null,
        causedBy: [record.id],
      });
    }
  }
  return memberships;
}

/** Supervision level rule table, first match wins (差别化监管, notice §3). */
export const SUPERVISION_RULES: readonly { level: 'A' | 'B' | 'C' | 'D'; when: (s: { lists: Set<string>; negatives: number }) => boolean; reason: string }[] = [
  { level: 'D', when: (s) => s.lists.has('JOINT_PUNISHMENT'), reason: '列入联合惩戒对象名单：重点监管，提高抽查比例和频次' },
  { level: 'C', when: (s) => s.lists.has('KEY_ATTENTION') || s.negatives > 0, reason: '列入重点关注名单或存在有效失信记录：加强监管' },
  { level: 'A', when: (s) => s.lists.has('RED'), reason: '诚信典型：减少检查频次，实施"无事不扰"' },
  { level: 'B', when: () => true, reason: '无失信记录：常规监管' },
];

export function deriveSupervision(activeLists: string[], effectiveNegativeRecords: number): { level: string; reason: string } {
  const state = { lists: new Set(activeLists), negatives: effectiveNegativeRecords };
  const rule = SUPERVISION_RULES.find((candidate) => candidate.when(state))!;
  return { level: rule.level, reason: rule.reason };
}

/** 娄城信用积分 rules: illustrative, the credit office's to set (REFERENCE.md). */
export const POINTS_RULES: Record<string, number> = {
  MEDICAL_AID_HUBEI: 50,
  FRONTLINE_DUTY: 30,
  VOLUNTEER_SERVICE: 10,
  DONATION: 20,
  SUPPLY_TRANSPORT: 20,
  HONOR_AWARD: 30,
  NEGATIVE_MINOR: -10,
  NEGATIVE_GENERAL: -30,
  NEGATIVE_SERIOUS: -100,
};

/** Ledger entries for one person's records, with a reversal for each repaired or withdrawn one. */
export function derivePoints(records: RecordFacts[]): { subjectId: string; delta: number; reason: string; recordId: string; at: Date }[] {
  const entries = [];
  for (const record of records.filter((r) => r.subjectIsPerson && !['EXEMPTED', 'DEFERRED'].includes(r.status))) {
    const delta = NEGATIVE.has(record.kind) ? POINTS_RULES[`NEGATIVE_${record.severity ?? 'GENERAL'}`] : POSITIVE.has(record.kind) ? POINTS_RULES[record.category] : undefined;
    if (!delta) continue;
    const at = new Date(`${record.decisionDate}T09:00:00+08:00`);
    entries.push({ subjectId: record.subjectId, delta, reason: `${delta > 0 ? '守信加分' : '失信扣分'}：${record.categoryLabel}`, recordId: record.id, at });
    if (LIFTING.has(record.status)) {
      const liftedAt = new Date(`${record.liftedOn ?? record.decisionDate}T09:00:00+08:00`);
      entries.push({ subjectId: record.subjectId, delta: -delta, reason: `冲正：记录${record.status === 'REPAIRED' ? '已修复' : '已撤销'}`, recordId: record.id, at: liftedAt });
    }
  }
  return entries;
}
