/** What the portal's pages rely on at the gateway: CORS for its origins only, CSRF prevention, a per-address budget. */
import { describe, expect, it } from 'vitest';
import { loadPortalConfig } from '../gateway/portal.js';
import { AS, post, useSeededSystem } from './support/system.js';

const PORTAL = 'https://www.tccredit.example';
const ctx = useSeededSystem({ seed: false, env: { PORTAL_ORIGINS: `${PORTAL},http://localhost:5173`, PORTAL_RATE_LIMIT: '10' } });

describe('portal access at the gateway', () => {
  it('answers browsers from the configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(ctx.system.gateway.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight(PORTAL);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('content-type');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps Apollo’s CSRF prevention on: simple requests a page could forge are refused', async () => {
    const plain = await fetch(ctx.system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(plain.status).toBe(400);
    const get = await fetch(`${ctx.system.gateway.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/i);
    const json = await fetch(ctx.system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(json.status).toBe(200);
  });

  it('limits public queries per client address, not member units', async () => {
    const ask = (headers: Record<string, string> = {}) => post(ctx.system.gateway.url, `{ recordCategories { code } }`, {}, headers);
    // The budget is 10 a minute; the CSRF test above spent one of it (every request costs at least one).
    for (let i = 0; i < 9; i++) expect((await ask()).body.errors).toBeUndefined();
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.errors[0].message).toMatch(/请求过于频繁/);
    expect((await ask(AS.creditOffice)).body.errors).toBeUndefined();
  });

  it('refuses a portal origin that is not an origin, and a budget that is not a number, at start-up', () => {
    expect(() => loadPortalConfig({ PORTAL_ORIGINS: 'https://portal.example/path' })).toThrow(/PORTAL_ORIGINS must list origins/);
    expect(() => loadPortalConfig({ PORTAL_RATE_LIMIT: 'lots' })).toThrow(/PORTAL_RATE_LIMIT must be a positive whole number/);
    expect(loadPortalConfig({})).toEqual({ origins: [], fieldsPerMinute: 120 });
  });
});
