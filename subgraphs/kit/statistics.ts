import type { Principal } from './principal.js';

/** Below this many natural persons a group could single someone out (PIPL art. 73: de-identify). */
export const MIN_PERSONS_PER_GROUP = 5;

/** Aggregates for callers: exact for the credit office, small person groups suppressed for everyone else. */
export function statisticsBuckets(rows: { key: string; total: number; persons: number }[], principal: Principal) {
  return rows.map(({ key, total, persons }) => {
    const suppressed = principal.role !== 'CREDIT_OFFICE' && persons > 0 && persons < MIN_PERSONS_PER_GROUP;
    return { key, count: suppressed ? null : total, suppressed };
  });
}
