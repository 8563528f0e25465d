/**
 * `npm run bench:growth` (issue 16): does the credit file stay fast when the platform holds a city's files?
 * On a PostgreSQL database of its own: migrate and seed the demo set, start the five subgraphs as separate
 * processes and the gateway, measure the README's credit file (audited, as the credit office; public,
 * anonymous) at 1 and 8 clients; stop them, copy the database as it stands (the demo control), grow the
 * database in SQL (scripts/bench/growth.ts: 1,000,000 subjects and 10,000,000 records with everything the
 * subgraphs keep of them), vacuum and analyse it, start the services on it and on the control, and measure the
 * same credit files again — the same demo company, so the answer is the same byte for byte — on both, in
 * interleaved rounds (the machine's noise then falls on both alike); and, on the grown one only, a generated
 * organisation with many records and typical generated files, a different one each request. The ratio is
 * grown/demo twice: against the demo measured before growth, and against the control measured beside it.
 * Markdown on stdout (the table, the generation's phases, the load average), progress on stderr.
 *
 * BENCH_GROWTH_SUBJECTS / BENCH_GROWTH_RECORDS: how many to add (default 1,000,000 / 10,000,000; e.g.
 * 100000 / 1000000 for a quicker run); BENCH_GROWTH_CHUNK: records a transaction (200,000). BENCH_QUICK=1:
 * 2,000 / 20,000 and short cells. BENCH_SECONDS (measured per cell, all rounds: 10; quick 1),
 * BENCH_WARMUP_SECONDS (2 a round; quick 0.3), BENCH_ROUNDS (2; quick 1), BENCH_CLIENTS (1,8). BENCH_KEEP=1
 * keeps both databases; BENCH_JSON=<file> writes the results.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { openPostgres, type Connection, type Db } from '../subgraphs/kit/db.js';
import type { Answer } from './bench/answers.js';
import { createBenchDatabase, DEFAULT_DATABASE_URL } from './bench/database.js';
import { growDatabase, GROWN_TABLES } from './bench/growth.js';
import { answerOf, expectSameAnswers, fixedAsk, rotatingAsk } from './bench/growth-asks.js';
import { measure, report, type Spec } from './bench/growth-report.js';
import { sizes, waitCaughtUp, waitSettled } from './bench/growth-settle.js';
import { percentile } from './bench/load.js';
import { stopAll } from './bench/processes.js';
import { BENCH_QUERIES, type BenchQuery } from './bench/queries.js';
import { seedDemoSet, startServices } from './bench/services.js';

const QUICK = process.env.BENCH_QUICK === '1';
const positive = (name: string, fallback: number, whole = false) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value)))
    throw new Error(`${name} must be a positive ${whole ? 'whole ' : ''}number, got "${raw}"`);
  return value;
};
const SUBJECTS = positive('BENCH_GROWTH_SUBJECTS', QUICK ? 2_000 : 1_000_000, true);
const RECORDS = positive('BENCH_GROWTH_RECORDS', QUICK ? 20_000 : 10_000_000, true);
const CHUNK = positive('BENCH_GROWTH_CHUNK', 200_000, true);
const CELL_MS = positive('BENCH_SECONDS', QUICK ? 1 : 10) * 1000;
const WARMUP_MS = positive('BENCH_WARMUP_SECONDS', QUICK ? 0.3 : 2) * 1000;
const ROUNDS = positive('BENCH_ROUNDS', QUICK ? 1 : 2, true);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8').split(',').map((c) => {
  const clients = Number(c);
  if (!Number.isInteger(clients) || clients < 1)
    throw new Error(`BENCH_CLIENTS must be whole numbers ≥ 1, got "${process.env.BENCH_CLIENTS}"`);
  return clients;
});
const KEEP = process.env.BENCH_KEEP === '1';
const say = (line: string) => process.stderr.write(`[bench:growth] ${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const thousands = (n: number) => n.toLocaleString('en-US');
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

const [AUDITED, PUBLIC] = BENCH_QUERIES as [BenchQuery, BenchQuery];
const DEMO_QUERIES = [AUDITED, PUBLIC];

type Size = 'demo' | 'control' | 'grown';

const startedAt = new Date();
const loads: { at: string; load: string }[] = [{ at: 'start', load: load() }];
const baseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const database = await createBenchDatabase(baseUrl).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
/** The demo control: a copy of the bench database made before growth (CREATE DATABASE … TEMPLATE). */
const control = { name: `${database.name}_demo`, url: '', made: false };
{
  const url = new URL(database.url);
  url.pathname = `/${control.name}`;
  control.url = url.toString();
}
const admin = <T>(work: (client: postgres.Sql) => Promise<T>) => {
  const client = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  return work(client).finally(() => client.end({ timeout: 5 }));
};
const connections: Connection[] = [];
let finishing: Promise<void> | undefined;
const finish = (code: number) =>
  (finishing ??= (async () => {
    await stopAll();
    await Promise.all(connections.map((c) => c.close().catch(() => {})));
    if (KEEP) say(`kept the databases ${database.name} and ${control.name} (BENCH_KEEP=1): drop them with  drop database … with (force)`);
    else {
      await database.drop().catch((error: Error) => say(`could not drop ${database.name}: ${error.message}`));
      if (control.made)
        await admin((client) => client.unsafe(`drop database if exists ${control.name} with (force)`)).catch((error: Error) =>
          say(`could not drop ${control.name}: ${error.message}`),
        );
    }
    process.exit(code);
  })());
process.once('SIGINT', () => void finish(130));
process.once('SIGTERM', () => void finish(143));
process.on('unhandledRejection', (error) => {
  console.error(`bench:growth failed: ${(error as Error)?.stack ?? error}`);
  void finish(1);
});

const plan = { clients: CLIENTS, cellMs: CELL_MS, warmupMs: WARMUP_MS, say };

/** One connection without a statement timeout: growth's statements run for minutes at 10M records. */
async function connect(url: string): Promise<{ connection: Connection; db: Db }> {
  const connection = await openPostgres(url, { maxConnections: 1, statementTimeoutMs: 0 });
  connections.push(connection);
  return { connection, db: connection.forSubgraph('bench-growth') };
}

async function disconnect(connection: Connection): Promise<void> {
  connections.splice(connections.indexOf(connection), 1);
  await connection.close();
}

try {
  say(
    `database ${database.name} (PostgreSQL ${database.version}); growing by ${thousands(SUBJECTS)} subjects, ${thousands(RECORDS)} records`,
  );
  let { connection, db } = await connect(database.url);
  let started = performance.now();
  const seeded = await seedDemoSet(database.url);
  say(`migrated and seeded in ${seconds(started)} s (${seeded.records} records)`);

  started = performance.now();
  let services = await startServices(database.url);
  say(`five subgraphs and the gateway ready in ${seconds(started)} s`);
  const settled: Record<Size, number> = { demo: await waitSettled(services, db, say), control: 0, grown: 0 };
  const demoSize = await sizes(db);
  const expected = new Map<BenchQuery, Answer>();
  for (const query of DEMO_QUERIES) expected.set(query, await answerOf(services.url, query));
  loads.push({ at: 'demo measured from', load: load() });
  const cells = await measure(
    DEMO_QUERIES.map((query) => ({
      query: query.name,
      comparable: true,
      ask: { demo: fixedAsk(services.url, query, expected.get(query)!) },
    })),
    1,
    plan,
  );
  await waitCaughtUp(db);
  await services.stop();

  // The control is the database as it stands now; a template may have no other session.
  await disconnect(connection);
  started = performance.now();
  await admin((client) => client.unsafe(`create database ${control.name} template ${database.name}`));
  control.made = true;
  say(`copied the demo database to ${control.name} in ${seconds(started)} s`);
  ({ connection, db } = await connect(database.url));

  loads.push({ at: 'growth from', load: load() });
  const growth = await growDatabase(db, { subjects: SUBJECTS, records: RECORDS, chunkRecords: CHUNK, say });
  loads.push({ at: 'grown', load: load() });
  const grownSize = await sizes(db);
  if (grownSize.subjects !== demoSize.subjects + SUBJECTS || grownSize.records !== demoSize.records + RECORDS)
    throw new Error(
      `grown to ${grownSize.subjects} subjects and ${grownSize.records} records, expected ${demoSize.subjects + SUBJECTS} and ${demoSize.records + RECORDS}`,
    );

  started = performance.now();
  services = await startServices(database.url);
  say(`five subgraphs and the gateway ready on the grown database in ${seconds(started)} s`);
  settled.grown = await waitSettled(services, db, say);
  say(`grown database settled ${settled.grown.toFixed(0)} s after the start`);
  started = performance.now();
  const controlServices = await startServices(control.url);
  const controlDb = (await connect(control.url)).db;
  settled.control = await waitSettled(controlServices, controlDb, say);
  say(`five subgraphs and the gateway ready on the control in ${seconds(started)} s`);
  await expectSameAnswers(services.url, DEMO_QUERIES, expected, 'after growth');
  await expectSameAnswers(controlServices.url, DEMO_QUERIES, expected, 'on the control');

  const specs: Spec[] = DEMO_QUERIES.map((query) => ({
    query: query.name,
    comparable: true,
    ask: {
      grown: fixedAsk(services.url, query, expected.get(query)!),
      control: fixedAsk(controlServices.url, query, expected.get(query)!),
    },
  }));
  for (const query of DEMO_QUERIES) {
    if (growth.hot) {
      const hot = { ...query, name: `${query.name} — many records (${thousands(growth.hot.records)})`, variables: { code: growth.hot.id } };
      specs.push({ query: hot.name, comparable: false, ask: { grown: fixedAsk(services.url, hot, await answerOf(services.url, hot)) } });
    }
    if (growth.typical.length) {
      const typical = { ...query, name: `${query.name} — typical files (5–20 records)` };
      specs.push({ query: typical.name, comparable: false, ask: { grown: rotatingAsk(services.url, typical, growth.typical) } });
    }
  }
  loads.push({ at: 'grown measured from', load: load() });
  cells.push(...(await measure(specs, ROUNDS, plan)));
  loads.push({ at: 'end', load: load() });
  await Promise.all([services.stop(), controlServices.stop()]);

  const facts = { postgresVersion: database.version, startedAt, loads, quick: QUICK, rounds: ROUNDS, cellMs: CELL_MS, warmupMs: WARMUP_MS };
  const { markdown, worst } = report(facts, cells, { demo: demoSize, grown: grownSize }, growth, settled, seeded);
  console.log(markdown);
  if (process.env.BENCH_JSON)
    writeFileSync(
      process.env.BENCH_JSON,
      JSON.stringify(
        {
          databases: KEEP ? { grown: database.url, control: control.url } : null,
          demo: demoSize,
          grown: grownSize,
          growth: { ...growth, phases: Object.fromEntries(growth.phases), rows: Object.fromEntries(growth.rows) },
          settledSeconds: settled,
          loads,
          worstComparableRatio: worst,
          grownTables: GROWN_TABLES,
          cells: cells.map(({ result, ...cell }) => ({
            ...cell,
            p50: percentile(result.latenciesMs, 50),
            p99: percentile(result.latenciesMs, 99),
            perSecond: result.completed / result.seconds,
            completed: result.completed,
          })),
        },
        null,
        2,
      ),
    );
  await finish(0);
} catch (error) {
  console.error(`bench:growth failed: ${(error as Error).stack ?? error}`);
  await finish(1);
}
