/**
 * Attacks on the rate limits (issue 11): root fields hidden in fragments, a budget bundled into one
 * request, a second gateway instance. The limits count in Redis here (REDIS_URL), as behind several
 * gateways; each run uses its own key prefix.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../gateway/auth.js';
import { startGateway } from '../gateway/server.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import { openLimitStore, type LimitStore } from '../subgraphs/kit/rate-limit.js';
import { AS, post, useSeededSystem } from './support/system.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `xt-test-${randomBytes(4).toString('hex')}`;
const ctx = useSeededSystem({ seed: false, env: { PORTAL_RATE_LIMIT: '10', REDIS_URL, REDIS_KEY_PREFIX: prefix } });

describe('public rate limits count what is asked, shared between gateway instances', () => {
  let second: RunningService;
  let store: LimitStore;
  beforeAll(async () => {
    // A second gateway instance in front of the same subgraphs, sharing the counts through Redis.
    store = openLimitStore({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    second = await startGateway({
      serviceUrls: Object.fromEntries(Object.entries(ctx.system.services).map(([name, service]) => [name, service.url])),
      internalSecret: ctx.system.secrets.internalSecret,
      authenticate: createAuthenticator(ctx.system.auth),
      portal: { origins: [], fieldsPerMinute: 10 },
      limitStore: store,
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await second?.close();
    await store?.close();
  });

  it('counts root fields inside inline fragments and fragment spreads, refuses a bundle over the budget with 429 and Retry-After', async () => {
    const roots = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `r${from + i}: emergencyResponse { endedOn }`).join(' ');
    // 11 root fields in one request, hidden in an inline fragment and a spread: over the budget of 10 at once.
    const bundled = await fetch(ctx.system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query { ... on Query { ${roots(6)} } ...F } fragment F on Query { ${roots(5, 6)} }` }),
    });
    expect(bundled.status).toBe(429);
    expect(Number(bundled.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await bundled.json()) as any;
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Nothing was taken by the refused bundle: the budget of 10 is whole, split across both instances.
    const spread = await post(ctx.system.gateway.url, `query { ...F } fragment F on Query { ${roots(6)} }`);
    expect(spread.body.errors).toBeUndefined();
    const onSecond = await post(second.url, `{ ... on Query { ${roots(4)} } }`);
    expect(onSecond.body.errors).toBeUndefined();
    const over = await post(second.url, `{ emergencyResponse { endedOn } }`);
    expect(over.status).toBe(429);
    expect(over.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const first = await post(ctx.system.gateway.url, `{ emergencyResponse { endedOn } }`);
    expect(first.status).toBe(429);
    // Member units are not counted against the portal's budget.
    expect((await post(ctx.system.gateway.url, `{ emergencyResponse { endedOn } }`, {}, AS.creditOffice)).status).toBe(200);
  });

  it('remembers a used header in Redis: replayed at the second instance it is refused', async () => {
    const { DELEGATION_HEADER, signPrincipal } = await import('../subgraphs/kit/principal.js');
    const header = signPrincipal(
      { principal: { role: 'CREDIT_OFFICE', unitId: 'credit-office' }, requestId: 'replay-0001', audience: 'gateway', issuer: 'reports' },
      ctx.system.secrets.internalSecret,
    );
    const ask = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [DELEGATION_HEADER]: header },
        body: JSON.stringify({ query: '{ memberUnits { id } }' }),
      });
    expect((await ask(ctx.system.gateway.url)).status).toBe(200);
    expect((await ask(second.url)).status).toBe(401);
  });

  it('keeps the counts in Redis, under the configured prefix', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.keys(`${prefix}:portal-root-fields*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses a REDIS_URL that is not one, at start-up', () => {
    expect(() => openLimitStore({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must be a redis:\/\//);
  });
});
