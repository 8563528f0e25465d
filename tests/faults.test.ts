/**
 * Faults (issue 12): a subgraph down, hung or dropping connections, and a restart mid-request. Each test
 * builds the fault for real (a closed port, a socket that never answers, a proxy that cuts connections)
 * in front of the seeded platform's own subgraphs, and fails if the caller loses more than the fault.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/registry.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, gatewayInFront, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

const CREDIT_FILE = `query($c: String!) { subjectByCode(code: $c) {
  id name
  creditRecords { id category reportingUnit { name } }
  repairApplications { number state }
  listMemberships { list active }
  supervision { level }
  creditReport { number }
} }`;

/** A gateway in front of the platform's subgraphs, with some of them replaced. */
async function gatewayWith(replaced: Partial<Record<SubgraphName, string>>, subgraphTimeoutMs = 2000): Promise<RunningService> {
  const gateway = await gatewayInFront(ctx.system, replaced, {
    requestLimits: { bodyBytes: 1024 * 1024, requestTimeoutMs: 10_000, subgraphTimeoutMs },
  });
  cleanups.push(() => gateway.close());
  return gateway;
}

/** A port where nothing listens any more: connections are refused, as to a stopped service. */
async function stoppedService(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

/** A proxy to a real subgraph that lets `misbehave` decide, per request, what to do instead of answering. */
async function proxy(
  target: string,
  misbehave: (n: number, req: IncomingMessage, res: ServerResponse, forward: (answer?: boolean) => Promise<void>) => Promise<void> | void,
): Promise<{ url: string; server: Server; requests: () => number }> {
  let count = 0;
  const server = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const forward = async (answer = true) => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)) as [string, string][],
      );
      // The path asked (/graphql, or /health when the gateway checks readiness) on the target's origin.
      const upstream = await fetch(new URL(req.url ?? '/graphql', target), {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (answer && !res.destroyed) {
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(body);
      }
    };
    count += 1;
    await misbehave(count, req, res, forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server, requests: () => count };
}

describe('a subgraph down yields the rest of the answer and an error at what it owns', () => {
  const owned: [SubgraphName, string][] = [
    ['repairs', 'repairApplications'],
    ['records', 'creditRecords'],
    ['incentives', 'listMemberships'],
    ['reports', 'creditReport'],
  ];
  it.each(owned)('with %s stopped, the credit file still shows the subject, with SUBGRAPH_UNAVAILABLE at %s', async (down, field) => {
    const gateway = await gatewayWith({ [down]: await stoppedService() });
    const { status, body } = await post(gateway.url, CREDIT_FILE, { c: ctx.demo.companyCode }, AS.creditOffice);
    expect(status).toBe(200);
    const subject = body.data.subjectByCode;
    expect(subject).toMatchObject({ id: ctx.demo.companyCode, name: ctx.demo.companyName });
    expect(subject[field]).toBeNull();
    const error = body.errors.find((e: any) => e.path?.join('.') === `subjectByCode.${field}`);
    expect(error?.extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(JSON.stringify(body.errors)).not.toMatch(/serviceName|127\.0\.0\.1|ECONNREFUSED/);
    // Everything the other subgraphs own is there.
    for (const [other, otherField] of owned)
      if (other !== down && otherField !== 'creditReport') expect(subject[otherField]).not.toBeNull();
  });

  it('with subjects stopped, records still list, each missing reporting unit null with its own error', async () => {
    const gateway = await gatewayWith({ subjects: await stoppedService() });
    const { body } = await post(
      gateway.url,
      `{ creditRecords(first: 3) { edges { node { id category reportingUnit { name } } } } }`,
      {},
      AS.creditOffice,
    );
    const edges = body.data.creditRecords.edges;
    expect(edges).toHaveLength(3);
    expect(edges.every((edge: any) => edge.node.id && edge.node.reportingUnit === null)).toBe(true);
    expect(body.errors.map((e: any) => e.path.join('.'))).toEqual(
      expect.arrayContaining(['creditRecords.edges.0.node.reportingUnit.name']),
    );
  });

  it('with repairs hung, answers within the subgraph deadline with GATEWAY_TIMEOUT at repairApplications', async () => {
    // Accepts connections and never answers; its sockets are ended by the test, not by the gateway.
    const sockets: Socket[] = [];
    const hung = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => (sockets.forEach((socket) => socket.destroy()), hung.close(resolve))));
    const gateway = await gatewayWith({ repairs: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/graphql` }, 600);
    const started = Date.now();
    const { body } = await post(gateway.url, CREDIT_FILE, { c: ctx.demo.companyCode }, AS.creditOffice);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(body.data.subjectByCode.creditRecords.length).toBeGreaterThan(0);
    expect(body.errors.find((e: any) => e.path?.join('.') === 'subjectByCode.repairApplications')?.extensions.code).toBe('GATEWAY_TIMEOUT');
  });
});

describe('connections that drop', () => {
  it('asks a query once more when its connection dropped before any answer', async () => {
    const flaky = await proxy(ctx.system.services.records.url, async (n, req, _res, forward) => {
      if (n === 1) req.socket.destroy();
      else await forward();
    });
    const gateway = await gatewayWith({ records: flaky.url });
    const { body } = await post(gateway.url, `{ creditRecords(first: 2) { edges { node { id } } } }`, {}, AS.creditOffice);
    expect(body.errors).toBeUndefined();
    expect(body.data.creditRecords.edges).toHaveLength(2);
    expect(flaky.requests()).toBe(2);
  });

  it('never sends a mutation twice: a dropped answer is an error, and the client’s retry is a DUPLICATE, stored once', async () => {
    // The mutation reaches records and is stored; the answer is cut on its way back.
    const cut = await proxy(ctx.system.services.records.url, async (n, req, _res, forward) => {
      if (n === 1) {
        await forward(false);
        req.socket.destroy();
      } else await forward();
    });
    const gateway = await gatewayWith({ records: cut.url });
    const input = {
      subject: { creditCode: '91320585692138384A', name: '断线测试有限公司' },
      category: 'PRICE_NOT_MARKED',
      decisionDate: '2026-10-01',
      facts: '断线测试',
      penalty: WARNING_PENALTY,
      unitReference: 'FAULT-CUT-1',
    };
    const mutation = `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } } }`;
    const first = await post(gateway.url, mutation, { i: input }, AS.marketRegulation);
    expect(first.body.errors[0].extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(cut.requests()).toBe(1);
    const again = await post(gateway.url, mutation, { i: input }, AS.marketRegulation);
    expect(again.body.data.reportRecord.outcome).toBe('DUPLICATE');
    const stored = await post(
      ctx.system.gateway.url,
      `{ creditRecords(first: 10, filter: { reportingUnitId: "market-regulation", subjectId: "91320585692138384A" }) { edges { node { unitReference } } } }`,
      {},
      AS.creditOffice,
    );
    expect(stored.body.data.creditRecords.edges.filter((e: any) => e.node.unitReference === 'FAULT-CUT-1')).toHaveLength(1);
  });
});

describe('restarts do not drop requests', () => {
  it('close(grace) turns readiness false, takes no new connection, and lets the request in flight finish', async () => {
    const slow = await proxy(ctx.system.services.records.url, async (_n, _req, _res, forward) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await forward();
    });
    const gateway = await gatewayWith({ records: slow.url }, 5000);
    expect((await fetch(`${gateway.origin}/ready`)).status).toBe(200);
    const inFlight = post(gateway.url, `{ creditRecords(first: 1) { edges { node { id } } } }`, {}, AS.creditOffice);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closing = gateway.close(5000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${gateway.origin}/ready`)).rejects.toThrow();
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(body.data.creditRecords.edges).toHaveLength(1);
    await closing;
  });

  it('SIGTERM to a gateway process mid-request: the client gets its answer, then the process exits 0', async () => {
    const slow = await proxy(ctx.system.services.records.url, async (_n, _req, _res, forward) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await forward();
    });
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      LOG_LEVEL: 'info',
      GATEWAY_PORT: '0',
      SHUTDOWN_GRACE_MS: '8000',
      NODE_ENV: 'development',
    };
    for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_URL`] = name === 'records' ? slow.url : ctx.system.services[name].url;
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(async () => child.kill('SIGKILL'));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+\/graphql)"/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`gateway exited early (${code}): ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const inFlight = post(url, `{ creditRecords(first: 1) { edges { node { id } } } }`, {}, AS.creditOffice);
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGTERM');
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(body.data.creditRecords.edges).toHaveLength(1);
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('statements a request has given up on', () => {
  it.runIf(process.env.DATABASE_URL)('are cancelled by the server after STATEMENT_TIMEOUT_MS (PostgreSQL)', async () => {
    const { openPostgres, statementTimeoutMs } = await import('../subgraphs/kit/db.js');
    expect(statementTimeoutMs({})).toBe(30_000);
    expect(() => statementTimeoutMs({ STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/STATEMENT_TIMEOUT_MS must be a whole number/);
    const connection = await openPostgres(ctx.system.testDatabaseUrl!, { statementTimeoutMs: 200 });
    try {
      const { sql } = await import('drizzle-orm');
      const started = Date.now();
      await expect(connection.forSubgraph('records').execute(sql`select pg_sleep(2)`)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await connection.close();
    }
  });
});
