import { isPositiveKind, SEVERITIES } from '../kit/vocabulary.js';
import { isEffective, isNegative, type RecordFact } from './rules.js';
import type { PointsEntryKind } from './tables.js';

/**
 * 娄城信用积分 rule table, as first installed: illustrative, since no public table is known
 * (REFERENCE.md). The credit office sets the live values (Mutation.setPointsRule); a change prices
 * records from then on, never re-prices entries already booked.
 */
export const DEFAULT_POINTS_RULES: Readonly<Record<string, number>> = {
  MEDICAL_AID_HUBEI: 50,
  FRONTLINE_DUTY: 30,
  VOLUNTEER_SERVICE: 10,
  DONATION: 20,
  SUPPLY_TRANSPORT: 20,
  PRODUCTION_CONVERSION: 20,
  SUPPLY_CHAIN_RESTART: 10,
  LIVELIHOOD_SUPPLY: 10,
  HONOR_AWARD: 30,
  NEGATIVE_MINOR: -10,
  NEGATIVE_GENERAL: -30,
  NEGATIVE_SERIOUS: -100,
};

export { SEVERITIES };

/** Levels by balance; illustrative thresholds, the credit office's to set. */
export const POINTS_LEVELS: readonly { minimum: number; level: string }[] = [
  { minimum: 100, level: '优秀' },
  { minimum: 30, level: '良好' },
  { minimum: 0, level: '一般' },
  { minimum: Number.NEGATIVE_INFINITY, level: '较差' },
];

export function pointsLevel(balance: number): string {
  return POINTS_LEVELS.find((entry) => balance >= entry.minimum)!.level;
}

/** The points table starts with the illustrative rules; the credit office's later changes are kept. */
export const DEFAULT_POINTS_RULE_ROWS = Object.entries(DEFAULT_POINTS_RULES).map(([basis, points]) => ({
  basis,
  points,
  updatedBy: 'DEFAULT',
}));

/** A person's account: the balance is the sum of the ledger, newest entry first in the history. */
export function pointsAccount<Entry extends { delta: number }>(history: Entry[]): { balance: number; level: string; history: Entry[] } {
  const balance = history.reduce((sum, entry) => sum + entry.delta, 0);
  return { balance, level: pointsLevel(balance), history };
}

/** The rule a record is priced by: its category for honest conduct, NEGATIVE_<severity> for dishonesty. */
export function pointsBasis(r: Pick<RecordFact, 'kind' | 'category' | 'severity'>): string | null {
  if (isNegative(r)) return `NEGATIVE_${r.severity ?? 'GENERAL'}`;
  if (isPositiveKind(r.kind)) return r.category;
  return null;
}

/** What the ledger already holds for one record. */
export interface RecordLedger {
  sum: number;
  /** Basis of the latest entry that priced the record (not a reversal). */
  basis: string | null;
}

export interface PlannedEntry {
  subjectId: string;
  recordId: string;
  delta: number;
  entryKind: PointsEntryKind;
  basis: string | null;
  reason: string;
}

const REVERSAL_REASON: Record<string, string> = {
  REPAIRED: '冲正：记录已完成信用修复',
  WITHDRAWN: '冲正：记录已撤销',
  EXEMPTED: '冲正：依据包容审慎政策免予认定失信',
  DEFERRED: '冲正：依据包容审慎政策暂缓报送',
};

export const MOVED_AWAY_REVERSAL = '冲正：记录已更正，主体变更';

/**
 * The one entry (or none) that brings a person's record to what it should count now, on the person the
 * record names. The target is the booked amount while the basis is unchanged, the rule's amount when
 * first booked or corrected, and zero once the record is lifted or (corrected into a kind the table does
 * not price) no longer priced: replaying an event books nothing. `ledger` is what this person holds.
 */
export function planPoints(record: RecordFact, ledger: RecordLedger, rules: Readonly<Record<string, number>>): PlannedEntry | null {
  if (!record.subjectIsPerson) return null;
  const basis = pointsBasis(record);
  const reversal = REVERSAL_REASON[record.status] ?? '冲正：记录不再计分';
  if (basis === null)
    return ledger.sum === 0
      ? null
      : {
          subjectId: record.subjectId,
          recordId: record.recordId,
          delta: -ledger.sum,
          basis: ledger.basis,
          entryKind: 'REVERSAL',
          reason: reversal,
        };
  const priced = ledger.sum !== 0 && ledger.basis === basis;
  const target = !isEffective(record) ? 0 : priced ? ledger.sum : (rules[basis] ?? 0);
  const delta = target - ledger.sum;
  if (delta === 0) return null;
  const base = { subjectId: record.subjectId, recordId: record.recordId, delta, basis };
  if (target === 0) return { ...base, entryKind: 'REVERSAL', reason: reversal };
  if (ledger.sum !== 0)
    return {
      ...base,
      entryKind: 'ADJUSTMENT',
      reason: `调整：记录更正后按“${record.categoryLabel}”${basis.startsWith('NEGATIVE_') ? `（${record.severity}）` : ''}重新计分`,
    };
  return delta > 0
    ? { ...base, entryKind: 'AWARD', reason: `守信加分：${record.categoryLabel}` }
    : { ...base, entryKind: 'DEDUCTION', reason: `失信扣分：${record.categoryLabel}` };
}

/**
 * A correction gave the record to another subject: whatever `holder` still holds for it is reversed (the
 * subject it names now is booked by planPoints). Nothing once the holder's sum is zero, so a replay books nothing.
 */
export function planMovedAway(
  record: Pick<RecordFact, 'recordId' | 'subjectId'>,
  holder: string,
  ledger: RecordLedger,
): PlannedEntry | null {
  if (holder === record.subjectId || ledger.sum === 0) return null;
  return {
    subjectId: holder,
    recordId: record.recordId,
    delta: -ledger.sum,
    basis: ledger.basis,
    entryKind: 'REVERSAL',
    reason: MOVED_AWAY_REVERSAL,
  };
}
