/**
 * Attacks on the gateway's operation limits, deadlines and principal headers (issue 11): each test sends
 * what an attacker would and fails if the attack works again.
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthenticator, issueToken } from '../gateway/auth.js';
import { startGateway } from '../gateway/server.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { log } from '../subgraphs/kit/log.js';
import { costVariables } from '../subgraphs/kit/operation-limits.js';
import { openLimitStore } from '../subgraphs/kit/rate-limit.js';
import { DELEGATION_HEADER, PRINCIPAL_HEADER, signPrincipal, signService } from '../subgraphs/kit/principal.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayInFront, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

/** `creditRecords { subject { … } }` nested `hops` times: each hop multiplies the answer by the record count. */
function multiplying(hops: number): string {
  let selection = 'id';
  for (let i = 0; i < hops; i++) selection = `creditRecords { subject { ${selection} } }`;
  return `query($c: String!) { subjectByCode(code: $c) { ${selection} } }`;
}

async function raw(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('operation limits at the gateway, before planning', () => {
  it('refuses a depth-50 anonymous query with MAX_DEPTH_LIMIT while /health keeps answering and memory stays put', async () => {
    const before = process.memoryUsage().heapUsed;
    const health = fetch(ctx.system.gateway.origin + '/health');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(ctx.system.gateway.url, multiplying(25), { c: ctx.demo.companyCode })),
    );
    for (const { status, body } of answers) {
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions).toMatchObject({ code: 'MAX_DEPTH_LIMIT', max: 12 });
    }
    expect((await health).status).toBe(200);
    // The refused queries planned and fetched nothing: the heap has not grown by anything like an answer.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses the multiplying query that stays inside the depth limit by its estimated cost', async () => {
    const { status, body } = await post(ctx.system.gateway.url, multiplying(5), { c: ctx.demo.companyCode });
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', max: 50_000 });
    expect(body.errors[0].message).toMatch(/估算成本超过上限/);
  });

  it('counts a page size from a variable into the cost, and lets the ordinary credit file and page through', async () => {
    const page = `query($n: Int) { subjects(first: $n) { edges { node { id creditRecords { id category reportingUnit { name } disclosure { isPublicNow } } repairApplications { number history { state } } objections { number history { state at } } listMemberships { list causedBy { id } } } } } }`;
    expect((await post(ctx.system.gateway.url, page, { n: 100 }, AS.creditOffice)).body.errors[0].extensions.code).toBe(
      'COST_ESTIMATED_TOO_EXPENSIVE',
    );
    const fine = await post(ctx.system.gateway.url, page, { n: 20 }, AS.creditOffice);
    expect(fine.body.errors).toBeUndefined();
    expect(fine.body.data.subjects.edges).toHaveLength(20);
  });

  it('prices a batch of 1,000 items by its selection, and still checks every item, though the estimate skips them', async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => ({
      subject: { creditCode: makeCreditCode(`91320585MC${String(i).padStart(7, '0')}`), name: '太仓市成本估算测试有限公司' },
      category: 'PRICE_NOT_MARKED',
      decisionDate: '2026-10-08',
      facts: '当事人销售口罩未明码标价。',
      legalBasis: '《中华人民共和国价格法》第十三条',
      penalty: finePenalty('0.2'),
      unitReference: `太市监价罚〔2026〕COST${i}号`,
    }));
    let hops = 'id';
    for (let i = 0; i < 4; i++) hops = `creditRecords { subject { ${hops} } }`;
    const multiplying = `mutation($input: [RecordReportInput!]!) { reportRecords(input: $input) { record { subject { ${hops} } } } }`;
    const priced = await post(ctx.system.gateway.url, multiplying, { input: items }, AS.marketRegulation);
    expect(priced.body.errors[0].extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE' });
    // The last item is malformed: refused as input before anything runs, and no item of the batch is stored.
    const plain = `mutation($input: [RecordReportInput!]!) { reportRecords(input: $input) { outcome } }`;
    const broken = [...items.slice(0, 999), { ...items[999]!, decisionDate: 20261008, surplus: true }];
    const refused = await post(ctx.system.gateway.url, plain, { input: broken }, AS.marketRegulation);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors[0].message).toMatch(/input\[999\]/);
    const stored = await queryRows<{ n: number }>(
      ctx.system.db.records.execute(sql`select count(*)::int as n from records.credit_records where unit_reference like '%COST%'`),
    );
    expect(stored[0]!.n).toBe(0);
  });

  it('estimates with a copy: the caller’s variables stay as sent, sizes and representations as they are', () => {
    const schema = buildSchema(
      `input Item { a: Int } scalar _Any type Query { f(items: [Item!]!, first: Int, representations: [_Any!]!, one: Item): Int }`,
    );
    const operation = parse(
      `query($items: [Item!]!, $n: Int, $r: [_Any!]!, $one: Item) { f(items: $items, first: $n, representations: $r, one: $one) }`,
    ).definitions[0] as OperationDefinitionNode;
    const variables = { items: [{ a: 1 }, { a: 2 }], n: 5, r: [{ __typename: 'X' }, { __typename: 'Y' }], one: { a: 3 } };
    expect(costVariables(schema, operation, variables)).toEqual({ items: [], n: 5, r: variables.r, one: { a: 3 } });
    expect(variables.items).toHaveLength(2);
  });

  it('refuses 10,000 aliases while parsing (MAX_TOKENS_LIMIT) and 31 aliases by count (MAX_ALIASES_LIMIT)', async () => {
    const many = await post(ctx.system.gateway.url, `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(many.status).toBe(400);
    expect(many.body.errors[0].extensions).toMatchObject({ code: 'MAX_TOKENS_LIMIT', max: 5000 });
    const aliases = await post(
      ctx.system.gateway.url,
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: recordCategories { code }`).join(' ')} }`,
    );
    expect(aliases.body.errors[0].extensions).toMatchObject({ code: 'MAX_ALIASES_LIMIT', max: 30, found: 31 });
  });

  it('counts root fields however they are written: aliases, inline fragments, fragment spreads', async () => {
    const roots = Array.from({ length: 21 }, (_, i) => `r${i}: emergencyResponse { endedOn }`);
    const inline = await post(ctx.system.gateway.url, `{ ... on Query { ${roots.join(' ')} } }`);
    expect(inline.body.errors[0].extensions).toMatchObject({ code: 'MAX_ROOT_FIELDS_LIMIT', max: 20, found: 21 });
    const spreads = await post(
      ctx.system.gateway.url,
      `query { ...A ...B } fragment A on Query { ${roots.slice(0, 11).join(' ')} } fragment B on Query { ${roots.slice(11).join(' ')} }`,
    );
    expect(spreads.body.errors[0].extensions).toMatchObject({ code: 'MAX_ROOT_FIELDS_LIMIT', found: 21 });
    const twenty = await post(ctx.system.gateway.url, `{ ... on Query { ${roots.slice(0, 20).join(' ')} } }`);
    expect(twenty.body.errors).toBeUndefined();
  });

  it('refuses batched requests and oversized bodies with their own codes, not a 500', async () => {
    const batch = await raw(ctx.system.gateway.url, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0].extensions.code).toBe('BATCHING_NOT_ENABLED');
    const big = await raw(
      ctx.system.gateway.url,
      JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(6 * 1024 * 1024) } }),
    );
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await raw(ctx.system.gateway.url, '{"query": ');
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-request-id')).toBeTruthy();
    // Bytes that are not UTF-8 (a GBK string, a lone 0xFF) would be stored as U+FFFD: refused instead.
    const gbk = await fetch(ctx.system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"query":"{ subjects(filter: { nameContains: \\"'),
        Buffer.from([0xcc, 0xab, 0xb2, 0xd6]),
        Buffer.from('\\" }) { totalCount } }"}'),
      ]),
    });
    expect(gbk.status).toBe(400);
    expect(((await gbk.json()) as any).errors[0].message).toMatch(/UTF-8/);
  });

  it('keeps its own limits in every subgraph, reached without the gateway', async () => {
    const header = signPrincipal(
      { principal: { role: 'CREDIT_OFFICE', unitId: 'credit-office' }, requestId: 'limit-test', audience: 'records', issuer: 'gateway' },
      ctx.system.secrets.internalSecret,
    );
    let selection = 'id';
    for (let i = 0; i < 12; i++) selection = `creditRecords(first: 1) { edges { node { ${selection} } } }`;
    const deep = await raw(
      ctx.system.services.records.url,
      JSON.stringify({ query: `{ ${selection.replace(/^creditRecords\(first: 1\)/, 'creditRecords(first: 1)')} }` }),
      { [PRINCIPAL_HEADER]: header },
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors.map((e: any) => e.extensions.code)).toContain('MAX_DEPTH_LIMIT');
    const tokens = signPrincipal(
      { principal: { role: 'CREDIT_OFFICE', unitId: 'credit-office' }, requestId: 'limit-test-2', audience: 'records', issuer: 'gateway' },
      ctx.system.secrets.internalSecret,
    );
    const long = await raw(
      ctx.system.services.records.url,
      JSON.stringify({ query: `{ ${Array.from({ length: 40_000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
      { [PRINCIPAL_HEADER]: tokens },
    );
    expect(long.status).toBe(400);
    expect(long.body.errors[0].extensions).toMatchObject({ code: 'MAX_TOKENS_LIMIT', max: 100_000 });
  });

  it('tells no internal service names to a public caller', async () => {
    const { body } = await post(ctx.system.gateway.url, `{ subjects(first: 1000) { totalCount } }`);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(body)).not.toMatch(/serviceName/);
  });

  it('serves nothing outside the report documents, however the path is spelled', async () => {
    // Sent as written (fetch would normalise the dots away before they reach the gateway).
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(ctx.system.gateway.origin);
        httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    for (const path of [
      '/reports/%2e%2e/graphql',
      '/reports/%2E%2E/health',
      '/reports/..%2fhealth',
      '/reports/%2e%2e/events',
      '/reports/assets/../../health',
      '/reports/../documents/key.pem',
    ]) {
      expect({ path, status: await status(path) }).toEqual({ path, status: 404 });
    }
    expect((await fetch(ctx.system.gateway.origin + '/reports/verify')).status).toBe(200);
  });
});

describe('what the gateway refuses is still logged with its request id', () => {
  it('logs a refused operation, an oversized body and a subgraph fetch that fails, each with the id the client sent', async () => {
    const info = vi.spyOn(log, 'info');
    try {
      await raw(ctx.system.gateway.url, JSON.stringify({ query: multiplying(25), variables: { c: ctx.demo.companyCode } }), {
        'x-request-id': 'attack-depth-0001',
      });
      await raw(ctx.system.gateway.url, JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(6 * 1024 * 1024) } }), {
        'x-request-id': 'attack-body-0001',
      });
      const lines = info.mock.calls.map(([line]) => line as any);
      expect(lines.find((line) => line?.requestId === 'attack-depth-0001')).toMatchObject({
        outcome: 'error',
        errorCodes: ['MAX_DEPTH_LIMIT'],
      });
      expect(lines.find((line) => line?.requestId === 'attack-body-0001')).toMatchObject({
        outcome: 'refused',
        errorCodes: ['PAYLOAD_TOO_LARGE'],
      });
    } finally {
      info.mockRestore();
    }
  });
});

describe('the event feeds', () => {
  it('refuse a service header signed for another producer', async () => {
    const header = signService('incentives', 'records', ctx.system.secrets.internalSecret);
    expect((await fetch(`${ctx.system.services.records.origin}/events?limit=1`, { headers: { 'x-credit-service': header } })).status).toBe(
      200,
    );
    for (const other of ['subjects', 'repairs'] as const) {
      expect((await fetch(`${ctx.system.services[other].origin}/events?limit=1`, { headers: { 'x-credit-service': header } })).status).toBe(
        401,
      );
    }
    // Nor is a principal header a service header, or the other way round.
    expect(
      (await raw(ctx.system.services.records.url, JSON.stringify({ query: '{ __typename }' }), { [PRINCIPAL_HEADER]: header })).status,
    ).toBe(401);
  });
});

describe('credentials', () => {
  const jwtSecret = () => ctx.system.auth.jwt.secret!;
  const token = (claims: Record<string, unknown>, exp?: string) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ctx.system.auth.jwt.issuer)
      .setAudience(ctx.system.auth.jwt.audience)
      .setIssuedAt()
      .setSubject(String(claims.sub ?? 'x'));
    if (exp) jwt = jwt.setExpirationTime(exp);
    return jwt.sign(jwtSecret());
  };
  const ask = (headers: Record<string, string>) => post(ctx.system.gateway.url, `{ memberUnits { id } }`, {}, headers);

  it('refuses a token without exp, or one that lives longer than the maximum', async () => {
    const forever = await token({ role: 'CREDIT_OFFICE', unit: 'credit-office' });
    expect((await ask({ authorization: `Bearer ${forever}` })).status).toBe(401);
    const long = await token({ role: 'CREDIT_OFFICE', unit: 'credit-office' }, '400d');
    expect((await ask({ authorization: `Bearer ${long}` })).status).toBe(401);
    const fine = await token({ role: 'CREDIT_OFFICE', unit: 'credit-office' }, '1h');
    expect((await ask({ authorization: `Bearer ${fine}` })).status).toBe(200);
  });

  it('refuses claims a role may not carry: a SUBJECT acting as a unit, a unit token without its unit', async () => {
    const subjectAsUnit = await token({ role: 'SUBJECT', sub: ctx.demo.companyCode, unit: 'health' }, '1h');
    expect((await ask({ authorization: `Bearer ${subjectAsUnit}` })).status).toBe(401);
    const unitless = await token({ role: 'MEMBER_UNIT' }, '1h');
    expect((await ask({ authorization: `Bearer ${unitless}` })).status).toBe(401);
  });

  it('refuses a request with two credentials, whether the second is bad or good', async () => {
    expect((await ask({ ...AS.creditOffice, authorization: 'Bearer nonsense' })).status).toBe(401);
    const good = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: ctx.demo.companyCode });
    expect((await ask({ ...AS.marketRegulation, authorization: `Bearer ${good}` })).status).toBe(401);
    const authenticate = createAuthenticator(ctx.system.auth);
    await expect(authenticate({ apiKey: 'demo-credit-office', authorization: 'Bearer x' })).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

/** A proxy in front of one subgraph that keeps every header the gateway sent it. */
async function recordingProxy(
  target: string,
  seen: { service: SubgraphName; header: string }[],
  service: SubgraphName,
): Promise<{ url: string; server: Server }> {
  const server = createHttpServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const header = req.headers[PRINCIPAL_HEADER];
    if (typeof header === 'string') seen.push({ service, header });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)) as [string, string][],
    );
    const upstream = await fetch(target, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}

describe('principal headers are bound to their audience', () => {
  const seen: { service: SubgraphName; header: string }[] = [];
  const servers: Server[] = [];
  let watched: RunningService;

  beforeAll(async () => {
    const urls: Record<string, string> = {};
    for (const name of SUBGRAPH_NAMES) {
      const proxy = await recordingProxy(ctx.system.services[name].url, seen, name);
      servers.push(proxy.server);
      urls[name] = proxy.url;
    }
    watched = await startGateway({
      serviceUrls: urls,
      internalSecret: ctx.system.secrets.internalSecret,
      authenticate: createAuthenticator(ctx.system.auth),
      port: 0,
      host: '127.0.0.1',
      production: true,
      limitStore: openLimitStore({}),
    });
  });
  afterAll(async () => {
    await watched?.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  it('replays every header the gateway sends at every service, its own included, and at the gateway: all refused', async () => {
    const query = `query($c: String!) { subjectByCode(code: $c) { id name creditRecords { id } repairApplications { number } listMemberships { list } creditReport { number } } }`;
    const { body } = await post(watched.url, query, { c: ctx.demo.companyCode }, AS.creditOffice);
    expect(body.errors).toBeUndefined();
    expect(new Set(seen.map((entry) => entry.service))).toEqual(new Set(SUBGRAPH_NAMES));
    for (const { service, header } of seen) {
      for (const other of SUBGRAPH_NAMES) {
        const replay = await raw(ctx.system.services[other].url, JSON.stringify({ query: '{ __typename }' }), {
          [PRINCIPAL_HEADER]: header,
        });
        // Another audience's header never verifies; its own audience has seen its nonce already (single use).
        expect({ from: service, at: other, status: replay.status }).toEqual({ from: service, at: other, status: 401 });
      }
      // At the public gateway, as a delegation: refused, and never placed above the caller's own credential.
      const asDelegation = await raw(ctx.system.gateway.url, JSON.stringify({ query: '{ memberUnits { id } }' }), {
        [DELEGATION_HEADER]: header,
      });
      expect(asDelegation.status).toBe(401);
      const withKey = await raw(ctx.system.gateway.url, JSON.stringify({ query: '{ memberUnits { id } }' }), {
        [DELEGATION_HEADER]: header,
        ...AS.analyst,
      });
      expect(withKey.status).toBe(401);
    }
  });

  it('accepts a delegation for the gateway signed by reports only, once, with no credential beside it', async () => {
    const secret = ctx.system.secrets.internalSecret;
    const office = { role: 'CREDIT_OFFICE' as const, unitId: 'credit-office' };
    const delegation = () =>
      signPrincipal({ principal: office, requestId: 'delegation-1', audience: 'gateway', issuer: 'reports' }, secret);
    const byReports = delegation();
    const query = JSON.stringify({ query: '{ memberUnits { id } }' });
    expect((await raw(ctx.system.gateway.url, query, { [DELEGATION_HEADER]: byReports })).status).toBe(200);
    expect((await raw(ctx.system.gateway.url, query, { [DELEGATION_HEADER]: byReports })).status).toBe(401);
    expect((await raw(ctx.system.gateway.url, query, { [DELEGATION_HEADER]: delegation(), 'x-api-key': 'demo-analyst' })).status).toBe(401);
    const byGateway = signPrincipal({ principal: office, requestId: 'delegation-2', audience: 'gateway', issuer: 'gateway' }, secret);
    expect((await raw(ctx.system.gateway.url, query, { [DELEGATION_HEADER]: byGateway })).status).toBe(401);
    for (const name of SUBGRAPH_NAMES)
      expect((await raw(ctx.system.services[name].url, query, { [PRINCIPAL_HEADER]: delegation() })).status).toBe(401);
  });

  it('accepts a header at its own service once: a second use within its 60 s is refused', async () => {
    const header = signPrincipal(
      { principal: { role: 'CREDIT_OFFICE', unitId: 'credit-office' }, requestId: 'once-0001', audience: 'subjects', issuer: 'gateway' },
      ctx.system.secrets.internalSecret,
    );
    const query = JSON.stringify({ query: '{ memberUnits { id } }' });
    expect((await raw(ctx.system.services.subjects.url, query, { [PRINCIPAL_HEADER]: header })).status).toBe(200);
    expect((await raw(ctx.system.services.subjects.url, query, { [PRINCIPAL_HEADER]: header })).status).toBe(401);
  });

  it('in production offers no field suggestions, no Sandbox and an explorer without demo credentials', async () => {
    const { body } = await post(watched.url, `{ subjectz { id } }`);
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
    const page = await fetch(watched.url, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('信用太仓 GraphQL 浏览器');
    expect(html).not.toMatch(/apollo-server-landing-page|embeddable-sandbox|studio\.apollographql|demo-credit-office|demo-analyst/i);
    expect((await fetch(new URL('/sandbox', watched.url))).status).toBe(404);
  });
});

describe('deadlines', () => {
  it('answers within the subgraph deadline when a subgraph accepts connections and never answers', async () => {
    const hung = createTcpServer(() => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/graphql`;
    const gateway = await gatewayInFront(
      ctx.system,
      { records: hungUrl },
      { requestLimits: { bodyBytes: 1024 * 1024, requestTimeoutMs: 5000, subgraphTimeoutMs: 800 } },
    );
    const warn = vi.spyOn(log, 'warn');
    try {
      const started = Date.now();
      const { status, body } = await post(
        gateway.url,
        `{ creditRecords(first: 1) { edges { node { id } } } }`,
        {},
        { ...AS.creditOffice, 'x-request-id': 'attack-hung-0001' },
      );
      expect(warn.mock.calls.some(([line]) => (line as any)?.requestId === 'attack-hung-0001')).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(status).toBe(200);
      expect(body.errors[0].extensions.code).toBe('GATEWAY_TIMEOUT');
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|records/);
    } finally {
      warn.mockRestore();
      await gateway.close();
      hung.close();
    }
  });
});
