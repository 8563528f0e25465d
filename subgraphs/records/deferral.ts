import { KIT_MESSAGES } from '../kit/kit-messages.js';
import type { Message } from '../kit/messages.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays, addMonths } from '../kit/time.js';
import type { RecordStatus } from './disclosure.js';
import type { Problem } from './item-checks.js';
import { RECORDS_MESSAGES as M } from './messages.js';

/**
 * 暂缓信息报送 (notice §8) as policy data the credit office sets: a deferral lasts until a fixed date, or a
 * period (days and/or months) after the act (its decision date), the claim (the day it was reported) or the
 * end of the emergency response. A DEFERRED record is neither public, shared nor counted until its
 * `deferredUntil`; from that day on it is an ordinary ACTIVE record under its disclosure rule, derived from
 * the date when read (shownStatus), so no job has to run for records' own reads; the hourly sweep
 * (sweep-store.ts) tells the other subgraphs, publishing it ACTIVE.
 */
export type DeferralStart = 'ACT' | 'CLAIM' | 'EMERGENCY_END';
export const DEFERRAL_STARTS: readonly DeferralStart[] = ['ACT', 'CLAIM', 'EMERGENCY_END'];

export type ToleranceDeferral = { until: string } | { days?: number | null; months?: number | null; after: DeferralStart };

/** What the deferral is counted from, for one decision. */
export interface DeferralDates {
  act: string;
  claim: string;
  /** The end of the emergency response, when the credit office has set it. */
  emergencyEnd: string | null;
}

const START_WORDS: Record<DeferralStart, string> = {
  ACT: '失信行为发生之日',
  CLAIM: '提出包容审慎主张之日',
  EMERGENCY_END: '疫情应急响应结束',
};

export const MAX_DEFERRAL_DAYS = 3650;
export const MAX_DEFERRAL_MONTHS = 120;

function period(deferral: { days?: number | null; months?: number | null }): string {
  const parts = [deferral.months ? `${deferral.months}个月` : '', deferral.days ? `${deferral.days}日` : ''].filter(Boolean);
  return parts.join('');
}

/** The deferral in words: 至2026-12-31 / 疫情应急响应结束后3个月 / 疫情应急响应结束时. */
export function describeDeferral(deferral: ToleranceDeferral): string {
  if ('until' in deferral) return `至${deferral.until}`;
  const length = period(deferral);
  return length ? `${START_WORDS[deferral.after]}后${length}` : `${START_WORDS[deferral.after]}时`;
}

/**
 * The last day of deferral for one decision: the record is disclosed from that day on. Null while a deferral
 * counted from the end of the emergency waits for the credit office to set that end.
 */
export function deferralEnd(deferral: ToleranceDeferral, dates: DeferralDates): string | null {
  if ('until' in deferral) return deferral.until;
  const from = deferral.after === 'ACT' ? dates.act : deferral.after === 'CLAIM' ? dates.claim : dates.emergencyEnd;
  if (!from) return null;
  return addDays(addMonths(from, deferral.months ?? 0), deferral.days ?? 0);
}

/** The deferral the credit office sends, checked: either `until`, or a period with `after`. Problems name `deferral.*`. */
export function checkDeferral(input: {
  until?: string | null;
  days?: number | null;
  months?: number | null;
  after?: string | null;
}): { deferral: ToleranceDeferral } | { problem: Problem } {
  const problem = (field: string, reason: Message) => ({ problem: { field: `deferral${field ? `.${field}` : ''}`, reason } });
  const hasPeriod = input.days != null || input.months != null || input.after != null;
  if (input.until != null) {
    if (hasPeriod) return problem('', M.RECORDS_DEFERRAL_BOTH_FORMS());
    if (!isRealDate(input.until)) return problem('until', KIT_MESSAGES.DATE_INVALID({ value: input.until }));
    return { deferral: { until: input.until } };
  }
  if (!input.after) return problem(input.days != null || input.months != null ? 'after' : '', M.RECORDS_DEFERRAL_MISSING());
  if (!(DEFERRAL_STARTS as readonly string[]).includes(input.after))
    return problem('after', M.RECORDS_DEFERRAL_START_UNKNOWN({ allowed: DEFERRAL_STARTS }));
  for (const [field, max] of [
    ['days', MAX_DEFERRAL_DAYS],
    ['months', MAX_DEFERRAL_MONTHS],
  ] as const) {
    const value = input[field];
    if (value != null && (!Number.isInteger(value) || value < 0 || value > max))
      return problem(field, M.RECORDS_DEFERRAL_OUT_OF_RANGE({ max, got: value }));
  }
  const days = input.days ?? 0;
  const months = input.months ?? 0;
  // A period of nothing is only meaningful up to the end of the emergency: 应急响应结束时即报送.
  if (!days && !months && input.after !== 'EMERGENCY_END') return problem('', M.RECORDS_DEFERRAL_ZERO());
  return { deferral: { ...(months ? { months } : {}), ...(days ? { days } : {}), after: input.after as DeferralStart } };
}

/** Whether a record's deferral still holds today (a DEFERRED record with no date yet waits for the emergency's end). */
export function deferredNow(row: { status: RecordStatus; deferredUntil: string | null }, today: string): boolean {
  return row.status === 'DEFERRED' && (row.deferredUntil === null || row.deferredUntil > today);
}

/**
 * The status a reader is shown: a DEFERRED record whose deferral has ended is ACTIVE from that day on, as
 * its disclosure (isPublicNow), the row rules and statistics say; everything else as stored.
 */
export function shownStatus(row: { status: RecordStatus; deferredUntil: string | null }, today: string): RecordStatus {
  return row.status === 'DEFERRED' && !deferredNow(row, today) ? 'ACTIVE' : row.status;
}
