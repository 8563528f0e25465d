import { rowsOf } from '../../subgraphs/kit/rows.js';
import { afterAll, beforeAll, expect } from 'vitest';
import type { QueryObserver } from '../../subgraphs/kit/db.js';
import { drainConsumers, startSystem, type RunningSystem } from '../../platform/system.js';
import { createAuthenticator, issueToken } from '../../gateway/auth.js';
import type { Role } from '../../subgraphs/kit/principal.js';
import { startGateway, type GatewayOptions } from '../../gateway/server.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/registry.js';
import type { RunningService } from '../../subgraphs/kit/http.js';
import { openLimitStore } from '../../subgraphs/kit/rate-limit.js';
import { freshDatabase } from './database.js';
import { platformImage } from './platform-image.js';
import { demoToday } from '../../platform/seed/index.js';
import { withPenalty } from './penalty.js';

/**
 * A whole platform for one test file, on free ports: PGlite in memory by default; with DATABASE_URL
 * a fresh PostgreSQL database of its own, dropped afterwards, so test files never see each other's rows.
 * It starts on a copy of the run's image of that platform, seeded on the day or not seeded (support/platform-image.ts),
 * unless the file sets an environment of its own; `freshSeed` builds and seeds it in this file instead.
 */
export async function startTestSystem(
  options: {
    seed?: boolean;
    seedToday?: string;
    freshSeed?: boolean;
    observer?: QueryObserver;
    env?: Record<string, string>;
    backgroundConsumers?: boolean;
  } = {},
): Promise<RunningSystem & { testDatabaseUrl?: string }> {
  const seed = options.seed ?? true;
  const image = options.freshSeed || options.env ? undefined : await platformImage(seed ? (options.seedToday ?? demoToday()) : null);
  const database = image?.postgres ?? (image ? { url: undefined, drop: async () => {} } : await freshDatabase());
  // Every test request comes from 127.0.0.1: the portal's per-address budget is lifted unless a test sets it.
  const env: Record<string, string | undefined> = { PORTAL_RATE_LIMIT: '1000000', ...options.env, DATABASE_URL: database.url };
  // Event consumers run only where a test asks for them, so statement counts and timings stay exact.
  const system = await startSystem({
    env,
    pglite: 'memory',
    pgliteImage: image?.pglite,
    seed: image ? false : seed,
    seedToday: options.seedToday,
    anyPorts: true,
    observer: options.observer,
    manualConsumers: !options.backgroundConsumers,
    consumerIntervalMs: 100,
  });
  return {
    ...system,
    seeded: image ? image.seeded : system.seeded,
    testDatabaseUrl: env.DATABASE_URL,
    close: async () => {
      await system.close();
      await database.drop();
    },
  };
}

export interface GraphQLResponse<T = any> {
  status: number;
  // Tests index into errors freely: a missing one fails the assertion that reads it.
  body: { data?: T; errors?: any };
}

/** POSTs one operation over HTTP, as a member-unit app or the portal would. */
export async function post<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

export const AS = {
  creditOffice: { 'x-api-key': 'demo-credit-office' },
  marketRegulation: { 'x-api-key': 'demo-market-regulation' },
  health: { 'x-api-key': 'demo-health' },
  bank: { 'x-api-key': 'demo-bank' },
  analyst: { 'x-api-key': 'demo-analyst' },
  public: {},
} as const;

/**
 * Starts a seeded platform before the file's tests and stops it after them. `settle` lets every consumer read
 * what has been published (consequences cascade); `bearer` is the portal's login of a subject, as a header.
 */
export function useSeededSystem(options: Parameters<typeof startTestSystem>[0] = {}) {
  const handle = {
    settle: () => drainConsumers(handle.system.consumers),
    bearer: async (claims: { role: Role; sub?: string; unit?: string }) => ({
      authorization: `Bearer ${await issueToken(handle.system.auth, claims)}`,
    }),
    asSubject: (subjectId: string) => handle.bearer({ role: 'SUBJECT', sub: subjectId }),
  } as {
    system: RunningSystem & { testDatabaseUrl?: string };
    demo: NonNullable<RunningSystem['seeded']>['demo'];
    settle(): Promise<void>;
    bearer(claims: { role: Role; sub?: string; unit?: string }): Promise<{ authorization: string }>;
    asSubject(subjectId: string): Promise<{ authorization: string }>;
  };
  beforeAll(async () => {
    handle.system = await startTestSystem(options);
    if (handle.system.seeded) handle.demo = handle.system.seeded.demo;
  });
  afterAll(() => handle.system?.close());
  return handle;
}

/** A seeded system's gateway as one caller: `gql(query, variables, headers)` returns the response body. */
export function gatewayClient(handle: { system: RunningSystem }) {
  return async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    (await post(handle.system.gateway.url, query, variables, headers)).body;
}

/**
 * Reports records through the gateway as a unit would, each with a fresh unit reference under `prefix` (and a
 * fine as its 双公示 block when it is a penalty and `extra` gives none); returns the new record's id and fails
 * the test on anything but CREATED.
 */
export function recordReporter(handle: { system: RunningSystem }, prefix: string) {
  const gql = gatewayClient(handle);
  let serial = 0;
  return async (
    unit: Record<string, string>,
    subject: Record<string, string>,
    category: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> => {
    serial += 1;
    const input = withPenalty({
      subject,
      category,
      decisionDate: '2026-05-06',
      facts: `${prefix} 测试事实 ${serial}`,
      unitReference: `${prefix}-${serial}`,
      ...extra,
    });
    const body = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } problems { field reason } } }`,
      { i: input },
      unit,
    );
    expect({ outcome: body.data.reportRecord.outcome, problems: body.data.reportRecord.problems }).toEqual({
      outcome: 'CREATED',
      problems: [],
    });
    return body.data.reportRecord.record.id as string;
  };
}

/** Rows of a raw `db.execute`: postgres-js returns an array, PGlite an object with `rows`. */
export async function queryRows<T = Record<string, unknown>>(result: Promise<unknown>): Promise<T[]> {
  return rowsOf<T>(await result);
}

/** The database's own message behind drizzle's "Failed query" wrapper. */
export async function databaseError(result: Promise<unknown>): Promise<string> {
  try {
    await result;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  return 'no error';
}

/**
 * A second gateway in front of a running platform's subgraphs, some of them replaced (a stopped port, a
 * proxy that misbehaves); it counts its limits in memory unless told otherwise. The caller closes it.
 */
export function gatewayInFront(
  system: RunningSystem,
  replaced: Partial<Record<SubgraphName, string>> = {},
  options: Partial<GatewayOptions> = {},
): Promise<RunningService> {
  return startGateway({
    serviceUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, replaced[name] ?? system.services[name].url])),
    internalSecret: system.secrets.internalSecret,
    authenticate: createAuthenticator(system.auth),
    port: 0,
    host: '127.0.0.1',
    limitStore: openLimitStore({}),
    ...options,
  });
}
