import { ConfigError, type Env } from './config.js';
import { consumerLag } from './metrics.js';

/**
 * Readiness (/ready) beside liveness (/live): a live process may still be unable to serve — its database gone,
 * the subgraphs behind a gateway down, its event consumers far behind. A check that fails makes the service
 * unready (503) unless it only `warns` (the calendar: a repairs service refusing all traffic on 1 January would
 * hurt more than the deadlines it cannot count, which are refused one by one with CONFLICT).
 */
export interface Check {
  ok: boolean;
  /** A failed warning check is reported but leaves the service ready. */
  warns?: boolean;
  detail?: unknown;
}
export type Checks = Record<string, () => Promise<Check>>;
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, Check>;
}

const CHECK_TIMEOUT_MS = 2000;

/** Runs every check at once, each within its own time limit: a check that throws or hangs has failed. */
export async function runChecks(checks: Checks): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, Check]> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Check>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
      });
      try {
        return [name, await Promise.race([check(), late])];
      } catch {
        return [name, { ok: false, detail: 'failed' }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report = Object.fromEntries(results);
  return { ready: results.every(([, check]) => check.ok || check.warns), checks: report };
}

/** READY_MAX_EVENT_LAG_SECONDS (default 300): how far a consumer may be behind its producer before its service is unready. */
export function maxEventLagSeconds(env: Env = process.env): number {
  const text = env.READY_MAX_EVENT_LAG_SECONDS;
  if (text === undefined || text === '') return 300;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`READY_MAX_EVENT_LAG_SECONDS must be a positive number of seconds (got "${text}"); unset it for 300`);
  return value;
}

/** The event lag check of a consuming service: every producer it applies within the limit. */
export function eventLagCheck(consumer: string, limitSeconds: number): () => Promise<Check> {
  return async () => {
    const { values } = await consumerLag.get();
    const lags = Object.fromEntries(values.filter((v) => v.labels.consumer === consumer).map((v) => [String(v.labels.producer), v.value]));
    return { ok: Object.values(lags).every((lag) => lag <= limitSeconds), detail: { seconds: lags, limitSeconds } };
  };
}
