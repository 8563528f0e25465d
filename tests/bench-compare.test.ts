import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../gateway/auth.js';
import { SUPERGRAPH_FILE } from '../gateway/supergraph.js';
import { PRINCIPAL_HEADER, verifyPrincipal } from '../subgraphs/kit/principal.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry.js';
import { difference, isClean, type Answer } from '../scripts/bench/answers.js';
import { post } from '../scripts/bench/contenders.js';
import { captureFetches, describePlan, replay } from '../scripts/bench/floor.js';
import { freePort, startProcess, waitReady, type Service } from '../scripts/bench/processes.js';
import { BENCH_QUERIES, requestBody, type BenchQuery } from '../scripts/bench/queries.js';
import { useSeededSystem } from './support/system.js';

/**
 * bench:compare is only a comparison if Hive Gateway and the floor do what the project's gateway does: every
 * subgraph fetch signed for that subgraph, once, for the caller who asked. Nothing here is timed. A proxy in
 * front of each subgraph keeps what crossed the wire.
 */
interface Crossed {
  headers: Record<string, string>;
  body: string;
  status: number;
}

async function recordingProxy(target: string) {
  const seen: Crossed[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (!['host', 'connection', 'content-length', 'accept-encoding'].includes(name)) headers[name] = String(value);
    const response = await fetch(target, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
    const text = await response.text();
    seen.push({ headers, body, status: response.status });
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    seen,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const [CREDIT_FILE, PUBLIC_FILE] = BENCH_QUERIES as [BenchQuery, BenchQuery, BenchQuery];

describe('bench:compare: Hive Gateway and the floor sign as the project gateway does', () => {
  const handle = useSeededSystem();
  const sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
  let proxies: Record<SubgraphName, Awaited<ReturnType<typeof recordingProxy>>>;
  let hive: { url: string; service: Service };
  const secret = () => handle.system.secrets.internalSecret;
  const subgraphUrls = () => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, handle.system.services[name].url]));
  const ask = async (query: BenchQuery, requestId: string): Promise<Answer> => {
    const response = await fetch(hive.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...query.headers },
      body: requestBody(query),
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    const entries = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => [name, await recordingProxy(handle.system.services[name].url)] as const),
    );
    proxies = Object.fromEntries(entries) as typeof proxies;
    // The process bench:compare starts, with the platform's secret and the demo keys the platform accepts.
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'error',
      HIVE_PORT: String(port),
      INTERNAL_SECRET: secret(),
    };
    for (const [name, proxy] of entries) env[`${name.toUpperCase()}_URL`] = proxy.url;
    const service = startProcess('hive', 'scripts/bench/hive-main.ts', env);
    hive = { url: `http://127.0.0.1:${port}/graphql`, service };
    await waitReady(service, `http://127.0.0.1:${port}/health`, 60_000);
  });
  afterAll(async () => {
    await hive?.service.stop();
    for (const proxy of Object.values(proxies ?? {})) await proxy.close();
  });
  const forget = () => Object.values(proxies).forEach((proxy) => proxy.seen.splice(0));

  it("answers every bench query as the project's gateway does, and refuses a bad credential with 401", async () => {
    for (const query of BENCH_QUERIES) {
      const ours = await post(handle.system.gateway.url, query);
      expect(isClean(ours), query.name).toBe(true);
      expect(difference(ours, await post(hive.url, query)), query.name).toBe('');
    }
    const refused = await post(hive.url, { ...CREDIT_FILE, headers: { 'x-api-key': 'not-a-key' } });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('"data"');
  });

  it('signs each fetch for its subgraph alone, once: the same header replayed, or shown to another subgraph, is refused', async () => {
    forget();
    const requestId = `bench-${randomUUID()}`;
    expect(isClean(await ask(CREDIT_FILE, requestId))).toBe(true);
    const [sent] = proxies.subjects.seen;
    expect(sent?.status).toBe(200);
    const header = sent!.headers[PRINCIPAL_HEADER]!;
    expect(verifyPrincipal(header, secret(), 'subjects')).toMatchObject({
      principal: { role: 'CREDIT_OFFICE', unitId: 'credit-office' },
      requestId,
      operation: 'CreditFile',
      issuer: 'gateway',
    });
    const again = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: header }, body: sent!.body });
    const replayed = await again(handle.system.services.subjects.url);
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).not.toContain('"data"');
    expect((await again(handle.system.services.records.url)).status).toBe(401);
  });

  it('never lets concurrent callers share a subgraph fetch: each reaches the subgraphs itself, signed as itself', async () => {
    const office = await ask(CREDIT_FILE, `bench-${randomUUID()}`);
    // The same operation as PUBLIC: the same subgraph fetches, answered with less.
    const anonymous = { ...CREDIT_FILE, headers: {} };
    const asPublic = await ask(anonymous, `bench-${randomUUID()}`);
    expect(normalisedData(asPublic)).not.toEqual(normalisedData(office));
    forget();
    const callers = Array.from({ length: 8 }, (_, i) => ({ query: i % 2 ? anonymous : CREDIT_FILE, id: `bench-${i}-${randomUUID()}` }));
    const answers = await Promise.all(callers.map(({ query, id }) => ask(query, id)));
    answers.forEach((answer, i) => expect(difference(i % 2 ? asPublic : office, answer), callers[i]!.id).toBe(''));
    for (const name of ['subjects', 'records', 'incentives'] as const) {
      const signed = proxies[name].seen.map((crossed) => verifyPrincipal(crossed.headers[PRINCIPAL_HEADER], secret(), name));
      const roleOf = new Map(signed.map((claims) => [claims?.requestId, claims?.principal.role]));
      callers.forEach(({ id }, i) => expect(roleOf.get(id), `${name} saw ${id}`).toBe(i % 2 ? 'PUBLIC' : 'CREDIT_OFFICE'));
    }
  });

  it("the floor captures the project's subgraph requests in the plan's order and replays them, freshly signed, accepted", async () => {
    const authenticate = createAuthenticator(handle.system.auth);
    for (const query of BENCH_QUERIES) {
      const principal = await authenticate({ apiKey: query.headers['x-api-key'] });
      const capture = await captureFetches(query, sdl, subgraphUrls(), secret(), principal);
      expect(capture.fetches.length, query.name).toBeGreaterThan(2);
      expect(describePlan(capture.plan), query.name).toMatch(/^subjects → \(/);
      // Twice: a header is accepted once, so each replay must sign its own.
      for (let i = 0; i < 2; i++) expect((await replay(capture, secret())).differing, query.name).toEqual([]);
    }
    expect(describePlan((await captureFetches(PUBLIC_FILE, sdl, subgraphUrls(), secret(), { role: 'PUBLIC' })).plan)).not.toContain(
      'repairs',
    );
  });

  it('the floor reports a subgraph that refuses it, rather than counting the refusal as an answer', async () => {
    const capture = await captureFetches(CREDIT_FILE, sdl, subgraphUrls(), secret(), { role: 'CREDIT_OFFICE', unitId: 'credit-office' });
    const { differing } = await replay(capture, 'another-secret-of-at-least-32-characters');
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.every((line) => line.includes('HTTP 401'))).toBe(true);
  });
});

function normalisedData(answer: Answer): unknown {
  return (JSON.parse(answer.text) as { data?: unknown }).data;
}
