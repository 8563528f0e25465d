/**
 * Metrics and health (issue 17): /metrics moves under real traffic on the gateway and the subgraphs, an
 * attacker cannot grow it with invented operation names nor read it when a token is set, /live and /ready
 * tell apart a process that runs from one that can serve, and the gateway is unready while a subgraph is down.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../subgraphs/kit/config.js';
import { consumerLag } from '../subgraphs/kit/metrics.js';
import { eventLagCheck, maxEventLagSeconds, runChecks } from '../subgraphs/kit/readiness.js';
import { AS, gatewayInFront, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});
afterEach(() => {
  delete process.env.METRICS_TOKEN;
});

/** The sum of the series of `name` carrying `labels` (others free) in a Prometheus text; 0 when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && wanted.every((pair) => l.slice(0, l.indexOf('}')).includes(pair)))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
const metricsOf = async (origin: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${origin}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

const CREDIT_FILE = `query CreditFile($c: String!) { subjectByCode(code: $c) { id name creditRecords { id category } repairApplications { number } } }`;

describe('/metrics', () => {
  it('counts operations by name and outcome, subgraph fetches, SQL statements and audit writes as they happen', async () => {
    const { gateway, services } = ctx.system;
    const before = (await metricsOf(gateway.origin)).text;
    for (let i = 0; i < 3; i++) {
      const { body } = await post(gateway.url, CREDIT_FILE, { c: ctx.demo.companyCode }, AS.creditOffice);
      expect(body.errors).toBeUndefined();
    }
    // Refused before it is resolved: counted by the name the request gave (none here).
    const refused = await post(gateway.url, `query CreditFile { subjectByCode(code: 1) { id } }`, {}, AS.creditOffice);
    expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = await metricsOf(gateway.origin);
    expect(after.status).toBe(200);
    expect(after.type).toContain('text/plain');
    const moved = (name: string, labels: Record<string, string>) => sample(after.text, name, labels) - sample(before, name, labels);
    expect(moved('xt_graphql_requests_total', { service: 'gateway', operation: 'CreditFile', outcome: 'ok' })).toBe(3);
    expect(moved('xt_graphql_requests_total', { service: 'gateway', operation: 'anonymous', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(
      1,
    );
    expect(moved('xt_graphql_request_duration_seconds_count', { service: 'gateway', operation: 'CreditFile' })).toBe(3);
    expect(moved('xt_graphql_requests_total', { service: 'records', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(moved('xt_subgraph_fetch_duration_seconds_count', { subgraph: 'records', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(moved('xt_sql_statements_total', { subgraph: 'records' })).toBeGreaterThan(0);
    // The credit office reads non-public records: each read leaves its trace.
    expect(moved('xt_audit_entries_written_total', { subgraph: 'records' })).toBeGreaterThanOrEqual(3);
    // A subgraph's own port answers the same registry.
    const records = await metricsOf(services.records.origin);
    expect(records.text).toContain('xt_event_consumer_lag_seconds');
    expect(records.text).toContain('xt_process_resident_memory_bytes');
  });

  it('counts intake items by outcome', async () => {
    const { gateway } = ctx.system;
    const item = {
      subject: { creditCode: ctx.demo.companyCode, name: ctx.demo.companyName },
      category: 'PRICE_NOT_MARKED',
      decisionDate: '2026-09-01',
      facts: '未明码标价',
      unitReference: `METRICS-${Date.now()}`,
      penalty: { types: ['FINE'], content: '责令改正，处罚款0.2万元。', fineAmount: '0.2' },
    };
    const report = `mutation Report($input: [RecordReportInput!]!) { reportRecords(input: $input) { outcome } }`;
    const before = (await metricsOf(gateway.origin)).text;
    const first = await post(gateway.url, report, { input: [item, { ...item, unitReference: '' }] }, AS.marketRegulation);
    expect(first.body.data.reportRecords.map((r: any) => r.outcome)).toEqual(['CREATED', 'REJECTED']);
    await post(gateway.url, report, { input: [item] }, AS.marketRegulation);
    const after = (await metricsOf(gateway.origin)).text;
    const moved = (outcome: string) =>
      sample(after, 'xt_intake_items_total', { kind: 'record', outcome }) -
      sample(before, 'xt_intake_items_total', { kind: 'record', outcome });
    expect([moved('CREATED'), moved('REJECTED'), moved('DUPLICATE')]).toEqual([1, 1, 1]);
  });

  it('an attacker inventing operation names cannot grow the registry without bound', async () => {
    const { gateway } = ctx.system;
    for (let i = 0; i < 260; i++) await post(gateway.url, `query Invented${i} { __typename }`, {}, AS.public);
    await post(gateway.url, `query { __typename }`, {}, AS.public);
    const { text } = await metricsOf(gateway.origin);
    const names = new Set(
      text
        .split('\n')
        .filter((l) => l.startsWith('xt_graphql_requests_total{') && l.includes('service="gateway"'))
        .map((l) => /operation="([^"]*)"/.exec(l)![1]),
    );
    expect(names.size).toBeLessThanOrEqual(201);
    expect(names).toContain('other');
    expect(names).toContain('anonymous');
  });

  it('with METRICS_TOKEN set, answers only the bearer of it', async () => {
    process.env.METRICS_TOKEN = 'scrape-me-please-0123456789';
    const { origin } = ctx.system.gateway;
    expect((await metricsOf(origin)).status).toBe(401);
    expect((await metricsOf(origin, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await metricsOf(origin, { authorization: 'Bearer scrape-me-please-012345678' })).status).toBe(401);
    const allowed = await metricsOf(origin, { authorization: 'Bearer scrape-me-please-0123456789' });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('xt_graphql_requests_total');
  });
});

/** A URL where nothing listens any more. */
async function stoppedService(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

describe('/live and /ready', () => {
  it('a subgraph is live and ready with its database and event lag checked; the gateway checks every subgraph', async () => {
    const { services, gateway } = ctx.system;
    expect(await (await fetch(`${services.records.origin}/live`)).json()).toEqual({ live: true, service: 'records' });
    const ready = await fetch(`${services.repairs.origin}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as any;
    expect(body).toMatchObject({ ready: true, service: 'repairs', checks: { database: { ok: true }, events: { ok: true } } });
    expect(body.checks.calendar).toMatchObject({ warns: true });
    const gatewayReady = (await (await fetch(`${gateway.origin}/ready`)).json()) as any;
    expect(gatewayReady.ready).toBe(true);
    expect(Object.keys(gatewayReady.checks).sort()).toEqual([
      'subgraph:incentives',
      'subgraph:records',
      'subgraph:repairs',
      'subgraph:reports',
      'subgraph:subjects',
    ]);
  });

  it('a gateway whose subgraph is down is live but unready, and /health says so', async () => {
    const gateway = await gatewayInFront(ctx.system, { incentives: await stoppedService() });
    cleanups.push(() => gateway.close());
    expect((await fetch(`${gateway.origin}/live`)).status).toBe(200);
    const ready = await fetch(`${gateway.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as any).checks['subgraph:incentives'].ok).toBe(false);
    const health = await fetch(`${gateway.origin}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', service: 'gateway' });
  });

  it('a consumer further behind than READY_MAX_EVENT_LAG_SECONDS makes its service unready; a warning check does not', async () => {
    consumerLag.set({ consumer: 'lagging-test', producer: 'records' }, 301);
    const report = await runChecks({ events: eventLagCheck('lagging-test', 300) });
    expect(report).toMatchObject({ ready: false, checks: { events: { ok: false, detail: { seconds: { records: 301 } } } } });
    consumerLag.set({ consumer: 'lagging-test', producer: 'records' }, 0);
    expect((await runChecks({ events: eventLagCheck('lagging-test', 300) })).ready).toBe(true);
    expect((await runChecks({ calendar: async () => ({ ok: false, warns: true }) })).ready).toBe(true);
    expect((await runChecks({ broken: async () => Promise.reject(new Error('db down')) })).ready).toBe(false);
    consumerLag.remove({ consumer: 'lagging-test', producer: 'records' });
  });

  it('refuses a bad READY_MAX_EVENT_LAG_SECONDS at start-up, naming it', () => {
    expect(maxEventLagSeconds({})).toBe(300);
    expect(maxEventLagSeconds({ READY_MAX_EVENT_LAG_SECONDS: '60' })).toBe(60);
    for (const bad of ['-1', '0', 'soon']) expect(() => maxEventLagSeconds({ READY_MAX_EVENT_LAG_SECONDS: bad })).toThrow(ConfigError);
    expect(() => maxEventLagSeconds({ READY_MAX_EVENT_LAG_SECONDS: 'soon' })).toThrow(/READY_MAX_EVENT_LAG_SECONDS/);
  });
});

describe('the request id', () => {
  it('is made once per request: the header echoed is the id the subgraphs and the audit trail saw', async () => {
    const { gateway } = ctx.system;
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AS.creditOffice },
      body: JSON.stringify({ query: CREDIT_FILE, variables: { c: ctx.demo.companyCode } }),
    });
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const trail = await post(gateway.url, `{ auditTrail(filter: { limit: 50 }) { records { requestId } } }`, {}, AS.creditOffice);
    expect(trail.body.errors).toBeUndefined();
    expect(trail.body.data.auditTrail.records.map((e: any) => e.requestId)).toContain(id);
  });

  it("keeps a client's well-formed id and replaces a malformed one", async () => {
    const { gateway } = ctx.system;
    const echo = async (id: string) =>
      (
        await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': id },
          body: '{"query":"{ __typename }"}',
        })
      ).headers.get('x-request-id');
    expect(await echo('portal-7f3a9c21')).toBe('portal-7f3a9c21');
    const replaced = await echo('<script>alert(1)</script>');
    expect(replaced).not.toContain('<');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });
});
