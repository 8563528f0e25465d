import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { GraphQLError } from 'graphql';
import { ConfigError, type Env } from './config.js';
import { log } from './log.js';
import { PLATFORM_ERROR_CODES } from './errors.js';
import { KIT_MESSAGES } from './kit-messages.js';
import { attachMessage, type Message } from './messages.js';
import { rateLimitRefusals } from './metrics.js';

/**
 * Where the counts of every limit live: Redis when REDIS_URL is set, so several instances of a service
 * share one budget per caller; in this process's memory otherwise (one instance, the embedded default).
 */
export interface LimitStore {
  redis?: Redis;
  prefix: string;
  close(): Promise<void>;
}

export function openLimitStore(env: Env = process.env): LimitStore {
  const prefix = env.REDIS_KEY_PREFIX ?? 'xt';
  if (!env.REDIS_URL) return { prefix, close: async () => {} };
  if (!/^rediss?:\/\//.test(env.REDIS_URL)) throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got "${env.REDIS_URL}"`);
  // No offline queue: while Redis is unreachable a limit answers at once from its in-memory insurance.
  const redis = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', (error) =>
    log.warn({ err: error }, 'Redis for shared limits is unreachable; limits count per instance until it is back'),
  );
  return { redis, prefix, close: async () => void (await redis.quit().catch(() => redis.disconnect())) };
}

export interface LimitDecision {
  allowed: boolean;
  /** When the caller may ask again, if refused. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Takes `points` from the key's budget; refused (and nothing taken) when they do not fit. */
  consume(key: string, points?: number): Promise<LimitDecision>;
  /** Whether the key's budget is already spent, without taking from it. */
  check(key: string): Promise<LimitDecision>;
}

export interface RateLimitOptions {
  /** Names the budget in the store, so limits never share counts. */
  name: string;
  points: number;
  windowMs: number;
}

const allowed: LimitDecision = { allowed: true, retryAfterMs: 0 };

/** A fixed-window budget per key (rate-limiter-flexible), shared through the store. */
export function createRateLimiter(store: LimitStore, options: RateLimitOptions): RateLimiter {
  const duration = Math.max(1, Math.ceil(options.windowMs / 1000));
  const base = { keyPrefix: `${store.prefix}:${options.name}`, points: options.points, duration };
  const memory = new RateLimiterMemory(base);
  const limiter: RateLimiterAbstract = store.redis
    ? new RateLimiterRedis({ ...base, storeClient: store.redis, insuranceLimiter: new RateLimiterMemory(base) })
    : memory;
  const refusals = rateLimitRefusals.labels({ limit: options.name });
  const refused = (res: RateLimiterRes): LimitDecision => {
    refusals.inc();
    return { allowed: false, retryAfterMs: Math.max(1000, res.msBeforeNext) };
  };
  return {
    async consume(key, points = 1) {
      if (points <= 0) return allowed;
      // Checked after counting: a request asking for more than the whole budget is refused outright.
      if (points > options.points) {
        refusals.inc();
        return { allowed: false, retryAfterMs: duration * 1000 };
      }
      const current = await limiter.get(key);
      if (current && current.consumedPoints + points > options.points) return refused(current);
      try {
        await limiter.consume(key, points);
        return allowed;
      } catch (error) {
        if (error instanceof RateLimiterRes) return refused(error);
        throw error;
      }
    },
    async check(key) {
      const current = await limiter.get(key);
      return current && current.consumedPoints >= options.points ? refused(current) : allowed;
    },
  };
}

/**
 * What a caller over a limit gets, wherever the limit is: code RATE_LIMITED and when to retry. The gateway
 * turns it into HTTP 429 with Retry-After (a subgraph answering 429 itself would read as a failed fetch).
 * `what` names the budget as a message: the text reads “{what}：请求过于频繁，请在 N 秒后重试” (English on
 * request) and `extensions.reason` is what's code. A plain string (callers not converted yet) keeps its text as is.
 */
export function rateLimited(what: Message | string, retryAfterMs: number): GraphQLError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const extensions = { code: PLATFORM_ERROR_CODES.RATE_LIMITED, retryAfterSeconds: seconds };
  if (typeof what === 'string')
    return new GraphQLError(`${what}：请求过于频繁，请在 ${seconds} 秒后重试（too many requests; retry after ${seconds} s）`, {
      extensions,
    });
  const message: Message = { ...KIT_MESSAGES.TOO_MANY_REQUESTS({ what, seconds }), code: what.code };
  return attachMessage(new GraphQLError(message.zh, { extensions: { ...extensions, reason: message.code } }), message);
}
