import type { LimitStore } from './rate-limit.js';
import { log } from './log.js';

/**
 * Signed principal headers are single-use: each carries a nonce, and a service accepts a nonce once until
 * the header expires. A header captured on the internal network is then worth nothing even at the service
 * it was signed for. With Redis (REDIS_URL) every instance of a service shares what it has seen.
 */
export interface ReplayGuard {
  /** True the first time `key` is offered before `expiresAt` (ms since the epoch); false for a replay. */
  firstUse(key: string, expiresAt: number): Promise<boolean>;
}

function memoryGuard(): ReplayGuard {
  const seen = new Map<string, number>();
  let nextSweep = 0;
  return {
    async firstUse(key, expiresAt) {
      const now = Date.now();
      if (now >= nextSweep) {
        for (const [k, until] of seen) if (until < now) seen.delete(k);
        nextSweep = now + 10_000;
      }
      if ((seen.get(key) ?? 0) >= now) return false;
      seen.set(key, expiresAt);
      return true;
    },
  };
}

const guards = new WeakMap<LimitStore, ReplayGuard>();

/** One guard per store, so every route of a process that checks one audience shares what it has seen. */
export function replayGuardFor(store: LimitStore): ReplayGuard {
  const existing = guards.get(store);
  if (existing) return existing;
  const memory = memoryGuard();
  const { redis } = store;
  const guard: ReplayGuard = redis
    ? {
        async firstUse(key, expiresAt) {
          const ttl = Math.max(1, expiresAt - Date.now());
          try {
            return (await redis.set(`${store.prefix}:nonce:${key}`, '1', 'PX', ttl, 'NX')) === 'OK';
          } catch (error) {
            // Redis unreachable: this instance still refuses what it has seen itself.
            log.warn({ err: error }, 'Redis unreachable for header replay checks; checking in memory');
            return memory.firstUse(key, expiresAt);
          }
        },
      }
    : memory;
  guards.set(store, guard);
  return guard;
}
