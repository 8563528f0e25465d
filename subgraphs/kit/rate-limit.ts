/**
 * Counts failures per key in a sliding window, in memory: enough for one instance; behind several, put
 * the counts in Redis. A key over its limit stays refused until its oldest failure leaves the window.
 */
export function createFailureLimiter(options: { limit: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => (failures.get(key) ?? []).filter((at) => now - at < options.windowMs);
  return {
    /** The time the key may try again, or null when it may try now. */
    blockedUntil(key: string, now = Date.now()): Date | null {
      const times = recent(key, now);
      failures.set(key, times);
      return times.length >= options.limit ? new Date(times[0]! + options.windowMs) : null;
    },
    fail(key: string, now = Date.now()): void {
      failures.set(key, [...recent(key, now), now]);
      if (failures.size > 100_000) for (const [k, times] of failures) if (!times.some((at) => now - at < options.windowMs)) failures.delete(k);
    },
  };
}
