import type { Principal } from './principal.js';
import { can } from './access.js';

/**
 * Statistics for callers: the one rule of small-cell protection, shared by subjects and records (PIPL
 * art. 73: what leaves as an aggregate must not single anyone out). The credit office gets every bucket
 * exact, with its key. For everyone else:
 *
 * 1. Primary suppression: a bucket whose group holds 1–4 natural persons (MIN_PERSONS_PER_GROUP) is hidden.
 * 2. Secondary suppression, against complements: the buckets of a breakdown add up to a grand total that
 *    other breakdowns tell (totals by kind), so total − visible = what is hidden. Whenever rule 1 hides a
 *    bucket, one more is hidden with it: the smallest visible bucket (by count, then key) that holds persons
 *    — it holds at least MIN_PERSONS_PER_GROUP of them, or rule 1 would have hidden it — or, when no visible
 *    bucket holds persons, the smallest visible bucket. The subtraction then never yields one hidden cell,
 *    and the hidden part holds at least five distinct persons (or all persons of the breakdown).
 * 3. Hidden keys: hidden buckets are folded into one bucket SUPPRESSED_KEY with a null count, so a key absent
 *    from an answer may be empty or hidden; an answer does not tell which small groups exist.
 * 4. Coarse dates, against differencing: for data that holds persons, a caller's date range is widened to
 *    whole calendar months (from → the month's first day, to → its last day) before counting, so two
 *    filters within one month — one day apart, say — give the same answer, and nothing finer than a month
 *    (the DECISION_MONTH dimension) can be differenced out.
 * A filter naming one subject is a subgraph's policy question (records: refused), not this module's.
 */
export const MIN_PERSONS_PER_GROUP = 5;

/** The key of the one bucket that stands for every hidden bucket of a breakdown. */
export const SUPPRESSED_KEY = '(suppressed)';

/** One group as counted by a subgraph: all rows, and the distinct natural persons among them. */
export interface StatisticsRow {
  key: string;
  total: number;
  persons: number;
}

export interface StatisticsBucket {
  key: string;
  count: number | null;
  suppressed: boolean;
}

/** Only the credit office reads statistics exact: every key, every count, every date. */
export const readsExactStatistics = (principal: Principal): boolean => can(principal, 'readExactStatistics');

const isSmall = (persons: number): boolean => persons > 0 && persons < MIN_PERSONS_PER_GROUP;

/** Rules 1 and 2: the keys to hide in one breakdown. */
export function hiddenKeys(rows: readonly StatisticsRow[]): Set<string> {
  const hidden = new Set(rows.filter((row) => isSmall(row.persons)).map((row) => row.key));
  if (hidden.size === 0) return hidden;
  const visible = rows
    .filter((row) => !hidden.has(row.key))
    .sort((a, b) => a.total - b.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const secondary = visible.find((row) => row.persons > 0) ?? visible[0];
  if (secondary) hidden.add(secondary.key);
  return hidden;
}

/** Aggregates for callers: exact for the credit office; rules 1–3 for everyone else. */
export function statisticsBuckets(rows: StatisticsRow[], principal: Principal): StatisticsBucket[] {
  if (readsExactStatistics(principal)) return rows.map(({ key, total }) => ({ key, count: total, suppressed: false }));
  const hidden = hiddenKeys(rows);
  const visible = rows.filter((row) => !hidden.has(row.key)).map(({ key, total }) => ({ key, count: total, suppressed: false }));
  return hidden.size ? [...visible, { key: SUPPRESSED_KEY, count: null, suppressed: true }] : visible;
}

const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;

function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Rule 4: a date range (YYYY-MM-DD, either end open) as counted for this caller. */
export function statisticsDateRange(
  range: { from?: string | null; to?: string | null },
  principal: Principal,
): { from: string | null; to: string | null } {
  const from = range.from ?? null;
  const to = range.to ?? null;
  if (readsExactStatistics(principal)) return { from, to };
  return { from: from && monthStart(from), to: to && monthEnd(to) };
}
