/**
 * The platform in one process (issue 16): its gateway calls its own subgraphs in process, with the principal,
 * the replay guard, the audit trail, the deadlines and the failures of HTTP; and each subgraph has a pool of
 * its own. Each promise is checked against the same call over HTTP (a second gateway at the subgraphs' ports).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAuthenticator } from '../gateway/auth.js';
import { startSystem, subgraphCallsFrom } from '../platform/system.js';
import { ConfigError } from '../subgraphs/kit/config.js';
import { poolSize } from '../subgraphs/kit/db.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import { signPrincipal } from '../subgraphs/kit/principal.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import { platformImage } from './support/platform-image.js';
import { AS, gatewayInFront, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const opened: RunningService[] = [];
afterAll(async () => {
  for (const gateway of opened) await gateway.close();
});

const CREDIT_FILE = /* GraphQL */ `
  query CreditFile($code: String!) {
    subjectByCode(code: $code) {
      id name kind creditCode district tags
      creditRecords { id category status decisionDate reportedAt rectificationDeadline reportingUnit { id name } disclosure { isPublicNow reason } }
      repairApplications { number state acceptBy record { id category } }
      objections { number state }
      listMemberships { list reason since until active causedBy { id category } }
      supervision { level reason }
    }
  }
`;
const PUBLIC_PAGE = `{ subjects(first: 20) { totalCount edges { node { id name creditRecords { category decisionDate } listMemberships { list since } } } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { creditRecords { id category decisionDate reportedAt facts } } } }`;

const inProcessEntries = () => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, ctx.system.services[name].inProcess]));

/** A second gateway in front of the same subgraphs: over HTTP, or in process with limits of its own. */
async function gatewayOver(calls: 'http' | 'in-process', requestLimits?: { requestTimeoutMs: number; subgraphTimeoutMs: number }) {
  const gateway = await gatewayInFront(
    ctx.system,
    {},
    {
      ...(calls === 'in-process' ? { inProcess: inProcessEntries() } : {}),
      ...(requestLimits ? { requestLimits: { bodyBytes: 1024 * 1024, ...requestLimits } } : {}),
    },
  );
  opened.push(gateway);
  return gateway;
}

const creditOffice = () => createAuthenticator(ctx.system.auth)({ apiKey: AS.creditOffice['x-api-key'] });
const sign = async (audience: string, secret = ctx.system.secrets.internalSecret) =>
  signPrincipal({ principal: await creditOffice(), requestId: randomUUID(), audience, issuer: 'gateway' }, secret);

/** The subgraph's own answer over HTTP, as status and body. */
const overHttp = (service: RunningService, query: string, variables: Record<string, unknown>, header?: string) =>
  post(service.url, query, variables, header === undefined ? {} : { 'x-credit-principal': header });

/** Nothing but what JSON carries: no Date, undefined, class instance or function anywhere. */
function plainJson(value: unknown): boolean {
  if (value === null || ['string', 'boolean'].includes(typeof value)) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(plainJson);
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === null || prototype === Object.prototype) && Object.values(value as object).every(plainJson);
}

describe('the gateway calls its own subgraphs in process and answers as over HTTP', () => {
  it('is the default of the platform in one process', () => {
    expect(ctx.system.subgraphCalls).toBe('in-process');
    expect(subgraphCallsFrom({})).toBe('in-process');
    expect(subgraphCallsFrom({ SUBGRAPH_CALLS: 'http' })).toBe('http');
    expect(() => subgraphCallsFrom({ SUBGRAPH_CALLS: 'tcp' })).toThrow(ConfigError);
  });

  it('with the gateway forced to HTTP (SUBGRAPH_CALLS=http), never calls a subgraph in process', async () => {
    const image = await platformImage(null);
    const system = await startSystem({
      env: { DATABASE_URL: image.postgres?.url, SUBGRAPH_CALLS: 'http' },
      pglite: 'memory',
      pgliteImage: image.pglite,
      anyPorts: true,
      manualConsumers: true,
    });
    try {
      expect(system.subgraphCalls).toBe('http');
      const spies = SUBGRAPH_NAMES.map((name) => vi.spyOn(system.services[name].inProcess, 'execute'));
      const { body } = await post(system.gateway.url, `{ subjects(first: 1) { totalCount } }`, {}, AS.creditOffice);
      expect(body.errors).toBeUndefined();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      await system.close();
      await image.postgres?.drop();
    }
  });

  it.each([
    ['the credit file as the credit office', CREDIT_FILE, { code: 'company' }, AS.creditOffice],
    ['the credit file as the public (FORBIDDEN at supervision)', CREDIT_FILE, { code: 'company' }, AS.public],
    ['a public page of 20 subjects', PUBLIC_PAGE, {}, AS.public],
  ])('gives the same answer for %s', async (_what, query, variables, headers) => {
    const vars = 'code' in variables ? { code: ctx.demo.companyCode } : variables;
    const spy = vi.spyOn(ctx.system.services.records.inProcess, 'execute');
    const local = await post(ctx.system.gateway.url, query, vars, headers);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    const remote = await post((await gatewayOver('http')).url, query, vars, headers);
    expect(local).toEqual(remote);
    expect(JSON.stringify(local.body)).toMatch(/"(decisionDate|since)":"\d{4}-\d{2}-\d{2}"/);
  });

  it("answers an entity fetch with the subgraph's HTTP status and body, as plain JSON data", async () => {
    const variables = { r: [{ __typename: 'Subject', id: ctx.demo.companyCode }] };
    const records = ctx.system.services.records;
    const local = await records.inProcess.execute({ query: ENTITIES, variables }, await sign('records'));
    const remote = await overHttp(records, ENTITIES, variables, await sign('records'));
    expect(remote.body.data._entities[0].creditRecords.length).toBeGreaterThan(0);
    expect({ status: local.status, body: local.body }).toEqual(remote);
    expect(plainJson(local.body)).toBe(true);
  });

  it('writes the same audit entries: count, data classes, principal, operation and subjects, under the request id', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const local = `local-${randomUUID()}`;
    const remote = `http-${randomUUID()}`;
    const vars = { code: ctx.demo.companyCode };
    await post(ctx.system.gateway.url, CREDIT_FILE, vars, { ...AS.creditOffice, 'x-request-id': local });
    await post((await gatewayOver('http')).url, CREDIT_FILE, vars, { ...AS.creditOffice, 'x-request-id': remote });
    const sections = ['subjects', 'records', 'repairs', 'incentives'];
    const fields = 'requestId principal unitId operation action dataClass subjectIds';
    const trail = `query($f: AuditFilter) { auditTrail(filter: $f) { ${sections.map((s) => `${s} { ${fields} }`).join(' ')} } }`;
    const { body } = await post(ctx.system.gateway.url, trail, { f: { from, limit: 500 } }, AS.creditOffice);
    const entriesOf = (requestId: string) =>
      sections.map((section) =>
        body.data.auditTrail[section]
          .filter((entry: any) => entry.requestId === requestId)
          .map(({ requestId: _id, ...entry }: any) => ({ ...entry, subjectIds: [...entry.subjectIds].sort() }))
          .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      );
    expect(entriesOf(local).flat().length).toBeGreaterThan(0);
    expect(
      entriesOf(local)
        .flat()
        .every((entry: any) => entry.principal === 'CREDIT_OFFICE:credit-office'),
    ).toBe(true);
    expect(entriesOf(local)).toEqual(entriesOf(remote));
  });
});

describe('the in-process entry refuses what HTTP refuses', () => {
  const query = `{ _service { sdl } }`;
  const records = () => ctx.system.services.records;

  it.each([
    ['no header', async () => undefined],
    ['a header signed for another subgraph', () => sign('subjects')],
    ['a header signed with another secret', () => sign('records', 'another-secret-of-at-least-thirty-two-chars')],
    ['a malformed header', async () => 'not.a.header'],
  ])('refuses %s with 401 UNAUTHENTICATED, the same status and body as over HTTP', async (_what, header) => {
    const local = await records().inProcess.execute({ query }, await header());
    const remote = await overHttp(records(), query, {}, await header());
    expect(remote.status).toBe(401);
    expect(remote.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect({ status: local.status, body: local.body }).toEqual(remote);
  });

  it('takes each header once, whichever face it was used at first', async () => {
    const usedOverHttp = await sign('records');
    expect((await overHttp(records(), query, {}, usedOverHttp)).status).toBe(200);
    const replayedHere = await records().inProcess.execute({ query }, usedOverHttp);
    const usedHere = await sign('records');
    expect((await records().inProcess.execute({ query }, usedHere)).status).toBe(200);
    const replayedOverHttp = await overHttp(records(), query, {}, usedHere);
    expect(replayedOverHttp.status).toBe(401);
    expect({ status: replayedHere.status, body: replayedHere.body }).toEqual(replayedOverHttp);
  });
});

describe('pools', () => {
  it('sizes each subgraph pool from DB_POOL_SIZE, refusing a bad value', () => {
    expect(poolSize({}, 2)).toBe(4);
    expect(poolSize({}, 1)).toBe(2);
    expect(poolSize({}, 64)).toBe(10);
    expect(poolSize({ DB_POOL_SIZE: '3' })).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'ten', '1001']) expect(() => poolSize({ DB_POOL_SIZE: bad })).toThrow(ConfigError);
  });

  it.runIf(process.env.DATABASE_URL)('gives each subgraph a pool of its own, of DB_POOL_SIZE connections', async () => {
    const size = poolSize();
    const pidsOf = async (name: (typeof SUBGRAPH_NAMES)[number]) => {
      // More concurrent statements than the pool holds: they never take more connections than its size.
      const reads = Array.from({ length: size + 2 }, () =>
        queryRows<{ pid: number }>(ctx.system.db[name].execute(sql`select pg_backend_pid() as pid from pg_sleep(0.3)`)),
      );
      return new Set((await Promise.all(reads)).flat().map((row) => row.pid));
    };
    const pools = await Promise.all(SUBGRAPH_NAMES.map(pidsOf));
    for (const pids of pools) expect(pids.size).toBe(size);
    expect(new Set(pools.flatMap((pids) => [...pids])).size).toBe(size * SUBGRAPH_NAMES.length);
  });

  it.runIf(process.env.DATABASE_URL)('refuses pools that together exceed what PostgreSQL admits, before migrating', async () => {
    const env = { DATABASE_URL: ctx.system.testDatabaseUrl, DB_POOL_SIZE: '1000' };
    const refused = startSystem({ env, anyPorts: true, manualConsumers: true });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/DB_POOL_SIZE=1000 .*max_connections/);
  });

  it.skipIf(process.env.DATABASE_URL)('keeps PGlite one instance for every subgraph: a single connection by nature', async () => {
    const pids = await Promise.all(
      SUBGRAPH_NAMES.map(
        async (name) => (await queryRows<{ pid: number }>(ctx.system.db[name].execute(sql`select pg_backend_pid() as pid`)))[0]!.pid,
      ),
    );
    expect(new Set(pids).size).toBe(1);
  });
});

describe('deadlines and a subgraph closed', () => {
  /** Repairs answers `ms` late (its reads of applications wait), as a slow database would make it. */
  const slowRepairs = (ms: number) => {
    const cases = ctx.system.subgraphs.repairs.data.cases;
    const original = cases.applicationsOf.bind(cases);
    return vi.spyOn(cases, 'applicationsOf').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return original(...args);
    });
  };

  it.each([
    ['the subgraph deadline', { requestTimeoutMs: 10_000, subgraphTimeoutMs: 300 }],
    ["the operation's deadline", { requestTimeoutMs: 400, subgraphTimeoutMs: 10_000 }],
  ])(
    'gives GATEWAY_TIMEOUT at the late fields past %s, the rest of the answer standing, and the late call still audits',
    async (_what, limits) => {
      const gateway = await gatewayOver('in-process', limits);
      const spy = slowRepairs(1500);
      const requestId = `late-${randomUUID()}`;
      try {
        const started = Date.now();
        const { body } = await post(
          gateway.url,
          CREDIT_FILE,
          { code: ctx.demo.companyCode },
          { ...AS.creditOffice, 'x-request-id': requestId },
        );
        expect(Date.now() - started).toBeLessThan(1400);
        expect(body.data.subjectByCode.creditRecords.length).toBeGreaterThan(0);
        expect(body.data.subjectByCode.repairApplications).toBeNull();
        expect(body.errors.find((e: any) => e.path?.join('.') === 'subjectByCode.repairApplications')?.extensions.code).toBe(
          'GATEWAY_TIMEOUT',
        );
        // What the subgraph started it finishes, and audits, as after an aborted fetch.
        await vi.waitFor(
          async () => {
            const rows = await queryRows(
              ctx.system.db.repairs.execute(sql`select 1 from repairs.audit_log where request_id = ${requestId}`),
            );
            expect(rows.length).toBeGreaterThan(0);
          },
          { timeout: 5000, interval: 200 },
        );
      } finally {
        spy.mockRestore();
      }
    },
  );

  // Last: it closes the repairs subgraph of this file's platform.
  it('finishes a call in flight when repairs closes, then gives SUBGRAPH_UNAVAILABLE at its fields as HTTP does', async () => {
    const spy = slowRepairs(800);
    const vars = { code: ctx.demo.companyCode };
    const inFlight = post(ctx.system.gateway.url, CREDIT_FILE, vars, AS.creditOffice);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closing = ctx.system.services.repairs.close(5000);
    spy.mockRestore();
    const local = await post(ctx.system.gateway.url, CREDIT_FILE, vars, AS.creditOffice);
    const finished = await inFlight;
    await closing;
    expect(finished.body.errors).toBeUndefined();
    expect(finished.body.data.subjectByCode.repairApplications.length).toBeGreaterThan(0);
    expect(local.body.data.subjectByCode.repairApplications).toBeNull();
    expect(local.body.data.subjectByCode.creditRecords.length).toBeGreaterThan(0);
    const error = local.body.errors.find((e: any) => e.path?.join('.') === 'subjectByCode.repairApplications');
    expect(error?.extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    const remote = await post((await gatewayOver('http')).url, CREDIT_FILE, vars, AS.creditOffice);
    expect(local).toEqual(remote);
  });
});
