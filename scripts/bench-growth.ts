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
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openPostgres, type Connection, type Db } from '../subgraphs/kit/db.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { difference, isClean, type Answer } from './bench/answers.js';
import { post } from './bench/contenders.js';
import { createBenchDatabase, DEFAULT_DATABASE_URL } from './bench/database.js';
import { cursorsBehind, growDatabase, GROWN_TABLES, HOT_PICK_MAX, type GrowthReport } from './bench/growth.js';
import { merged, percentile, runCell, type Ask, type CellResult } from './bench/load.js';
import { stopAll } from './bench/processes.js';
import { BENCH_QUERIES, requestBody, type BenchQuery } from './bench/queries.js';
import { seedDemoSet, startServices, type Seeded, type Services } from './bench/services.js';

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
/** The issue's bar: the credit file's p50 at the grown size at most this many times the demo size's. */
const TARGET_RATIO = 1.3;
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
const SIZE_LABEL: Record<Size, string> = {
  demo: 'demo, before growth',
  control: 'demo control, beside grown',
  grown: 'grown',
};

/** One query as measured on one database: the demo company's file (on all three), or generated files (grown only). */
interface Spec {
  query: string;
  /** The demo company's file: the same answer at every size, so the ratio is the issue's. */
  comparable: boolean;
  ask: Partial<Record<Size, Ask>>;
}

interface Cell {
  size: Size;
  query: string;
  comparable: boolean;
  clients: number;
  result: CellResult;
}

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

/**
 * Waits until the platform has settled after a start: the subgraphs' start-up housekeeping (records' sweep of
 * shown statuses, incentives' re-assessment of expired effects) and autovacuum read whole tables at the grown
 * size, and a measurement beside them would time them, not the credit file. Settled: for 3 s in a row, no
 * statement of this database running longer than 1 s, no autovacuum on it, and the six processes using under
 * a fifth of a core.
 */
async function waitSettled(services: Services, db: Db, timeoutMs = 45 * 60_000): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let cpu = services.cpuMs();
  let lastSaid = started;
  while (quiet < 3) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [row] = rowsOf<{ long: number; vacuums: number; what: string | null }>(
      await db.execute(sql`
        select count(*) filter (where state = 'active' and backend_type = 'client backend' and now() - query_start > interval '1 second')::int as long,
          count(*) filter (where backend_type = 'autovacuum worker')::int as vacuums,
          string_agg(left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 100), ' | ') filter (where state = 'active') as what
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`),
    );
    const used = services.cpuMs() - cpu;
    cpu += used;
    quiet = row!.long === 0 && row!.vacuums === 0 && used < 200 ? quiet + 1 : 0;
    if (performance.now() - lastSaid > 15_000) {
      lastSaid = performance.now();
      say(
        `settling for ${((lastSaid - started) / 1000).toFixed(0)} s: ${row!.long} long statement(s), ${row!.vacuums} autovacuum(s), ${used.toFixed(0)} ms CPU/s${
          row!.what ? `: ${row!.what}` : ''
        }`,
      );
    }
    if (performance.now() - started > timeoutMs) throw new Error(`the platform did not settle in ${timeoutMs / 60_000} min`);
  }
  return (performance.now() - started) / 1000;
}

/** Waits until every consumer has read its producers' logs to the end (the seed's last events, the start-up sweep's). */
async function waitCaughtUp(db: Db, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const behind = await cursorsBehind(db);
    if (!behind.length) return;
    if (Date.now() > until) throw new Error(`consumers still behind after ${timeoutMs / 1000} s: ${behind.join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A request of the load that expects exactly `expected`'s text (a credit file reads the same every time). */
function fixedAsk(url: string, query: BenchQuery, expected: Answer): Ask {
  const body = requestBody(query);
  const headers = { 'content-type': 'application/json', ...query.headers };
  return async () => {
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    return response.status === 200 && text === expected.text ? '' : difference(expected, { status: response.status, text }) || 'differs';
  };
}

/** A different generated file each request: a clean answer about the subject asked for. */
function rotatingAsk(url: string, query: BenchQuery, codes: string[]): Ask {
  let next = 0;
  const headers = { 'content-type': 'application/json', ...query.headers };
  return async () => {
    const code = codes[next++ % codes.length]!;
    const response = await fetch(url, { method: 'POST', headers, body: requestBody({ ...query, variables: { code } }) });
    const text = await response.text();
    if (response.status !== 200 || !isClean({ status: response.status, text })) return `HTTP ${response.status}: ${text.slice(0, 200)}`;
    return text.includes(`"id":"${code}"`) ? '' : `no file of ${code}: ${text.slice(0, 200)}`;
  };
}

async function answerOf(url: string, query: BenchQuery): Promise<Answer> {
  const answer = await post(url, query);
  if (!isClean(answer)) throw new Error(`${query.name}: the gateway did not answer cleanly: ${answer.text.slice(0, 300)}`);
  return answer;
}

/** The demo company's file must read as it did before growth, byte for byte. */
async function expectSameAnswers(url: string, expected: Map<BenchQuery, Answer>, where: string): Promise<void> {
  for (const query of DEMO_QUERIES) {
    const now = await answerOf(url, query);
    if (now.text !== expected.get(query)!.text)
      throw new Error(
        `${query.name}: the demo company's answer differs ${where}: ${difference(expected.get(query)!, now) || 'same data, different text'}`,
      );
  }
}

/**
 * `rounds` rounds of every spec at every client count; within a cell the sizes take turns, the first
 * alternating, so neither always runs after the other. Each (size, query, clients) is merged over the rounds.
 */
async function measure(specs: Spec[], rounds: number): Promise<Cell[]> {
  const results = new Map<string, { cell: Omit<Cell, 'result'>; results: CellResult[] }>();
  let turn = 0;
  for (let round = 0; round < rounds; round++)
    for (const spec of specs)
      for (const clients of CLIENTS) {
        const targets = (['grown', 'control', 'demo'] as const).filter((size) => spec.ask[size]);
        const order = turn++ % 2 ? [...targets].reverse() : targets;
        for (const size of order) {
          const at = load();
          const result = await runCell(spec.ask[size]!, { clients, warmupMs: WARMUP_MS, durationMs: CELL_MS / rounds });
          if (result.failures)
            throw new Error(`${size}, ${spec.query}, ${clients} clients: ${result.failures} wrong answers, first: ${result.firstFailure}`);
          say(
            `${SIZE_LABEL[size]}: ${spec.query}, ${clients} client(s)${rounds > 1 ? `, round ${round + 1}/${rounds}` : ''}: p50 ${percentile(
              result.latenciesMs,
              50,
            ).toFixed(1)} ms, ${(result.completed / result.seconds).toFixed(1)} req/s (load ${at})`,
          );
          const key = `${size}|${spec.query}|${clients}`;
          const entry = results.get(key) ?? { cell: { size, query: spec.query, comparable: spec.comparable, clients }, results: [] };
          entry.results.push(result);
          results.set(key, entry);
        }
      }
  return [...results.values()].map(({ cell, results }) => ({ ...cell, result: merged(results) }));
}

async function sizes(db: Db) {
  const [row] = rowsOf<{ subjects: string; records: string; bytes: string }>(
    await db.execute(sql`
      select (select count(*) from subjects.subjects)::text as subjects, (select count(*) from records.credit_records)::text as records,
        pg_database_size(current_database())::text as bytes`),
  );
  return { subjects: Number(row!.subjects), records: Number(row!.records), bytes: Number(row!.bytes) };
}
type Sizes = Awaited<ReturnType<typeof sizes>>;

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const p50 = (cell: Cell | undefined) => (cell ? percentile(cell.result.latenciesMs, 50) : NaN);
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—');

function report(
  cells: Cell[],
  measured: { demo: Sizes; grown: Sizes },
  growth: GrowthReport,
  settled: Record<Size, number>,
  seeded: Seeded,
): { markdown: string; worst: { beforeGrowth: number; beside: number } } {
  const label = (size: Size) => {
    const { subjects, records } = size === 'grown' ? measured.grown : measured.demo;
    return `${SIZE_LABEL[size]} (${thousands(subjects)} subjects, ${thousands(records)} records)`;
  };
  const find = (size: Size, cell: Cell) => cells.find((c) => c.size === size && c.query === cell.query && c.clients === cell.clients);
  const worst = { beforeGrowth: 0, beside: 0 };
  const rows: string[] = [];
  const order: Size[] = ['demo', 'control', 'grown'];
  // The demo company's file first, each (query, clients) as demo before growth, control and grown in a row.
  const queries = [...new Set(cells.map((c) => c.query))];
  const ordered = [...cells].sort(
    (a, b) =>
      Number(b.comparable) - Number(a.comparable) ||
      queries.indexOf(a.query) - queries.indexOf(b.query) ||
      a.clients - b.clients ||
      order.indexOf(a.size) - order.indexOf(b.size),
  );
  for (const cell of ordered) {
    const grown = cell.size === 'grown' && cell.comparable;
    const beforeGrowth = grown ? p50(cell) / p50(find('demo', cell)) : NaN;
    const beside = grown ? p50(cell) / p50(find('control', cell)) : NaN;
    if (Number.isFinite(beforeGrowth)) worst.beforeGrowth = Math.max(worst.beforeGrowth, beforeGrowth);
    if (Number.isFinite(beside)) worst.beside = Math.max(worst.beside, beside);
    rows.push(
      `| ${label(cell.size)} | ${cell.query} | ${cell.clients} | ${fixed(p50(cell))} | ${fixed(percentile(cell.result.latenciesMs, 99))} | ${fixed(
        cell.result.completed / cell.result.seconds,
      )} | ${times(beforeGrowth)} | ${times(beside)} |`,
    );
  }
  const verdict = (ratio: number) => `${ratio.toFixed(2)}× (${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`;
  const lines = [
    `Node ${process.version}; PostgreSQL ${database.version}; ${os.cpus().length} CPUs; ${startedAt.toISOString()}; the five subgraphs and the gateway as separate processes`,
    `Load average (1, 5, 15 min): ${loads.map((l) => `${l.at} ${l.load}`).join('; ')}`,
    `${QUICK ? 'BENCH_QUICK: ' : ''}each cell ${CELL_MS / 1000} s measured (after grown: in ${ROUNDS} interleaved round(s), each after ${
      WARMUP_MS / 1000
    } s warm-up); closed loop; demo set ${thousands(seeded.records)} records of ${thousands(seeded.organisations)} organisations and ${thousands(
      seeded.persons,
    )} persons`,
    '',
    '| size | query | clients | p50 ms | p99 ms | req/s | p50 grown/demo before growth | p50 grown/demo control beside |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `The demo company's credit file at ${thousands(measured.grown.records)} records, p50 against the demo size (target ≤ ${TARGET_RATIO}×): at most ${verdict(
      worst.beside,
    )} against the control measured beside it, at most ${verdict(worst.beforeGrowth)} against the demo measured before growth. The same answer, byte for byte, at every size.`,
    '',
    `Growth: +${thousands(growth.subjects)} subjects, +${thousands(growth.records)} records in ${growth.chunks} transaction(s), ${(
      growth.totalMs / 1000
    ).toFixed(1)} s in all (${thousands(Math.round(growth.records / (growth.totalMs / 1000)))} records/s); database ${(
      measured.demo.bytes /
      2 ** 20
    ).toFixed(
      0,
    )} MiB → ${(measured.grown.bytes / 2 ** 30).toFixed(2)} GiB. Settled after starting (start-up housekeeping — records' sweep, incentives' re-assessment — and autovacuum done): ${order
      .map((size) => `${SIZE_LABEL[size]} ${settled[size].toFixed(0)} s`)
      .join(', ')}.`,
    '',
    '| generation phase | s |',
    '|---|---|',
    ...[...growth.phases].map(([phase, ms]) => `| ${phase} | ${(ms / 1000).toFixed(1)} |`),
    '',
    '| table | rows generated |',
    '|---|---|',
    ...[...growth.rows].map(([table, n]) => `| ${table} | ${thousands(n)} |`),
    '',
    `"many records": the generated organisation with the most records up to ${thousands(HOT_PICK_MAX)} (${growth.hot?.records ?? '—'}); "typical files": ${
      growth.typical.length
    } generated organisations with 5–20 records, a different one each request. Neither exists at the demo size.`,
  ];
  return { markdown: lines.join('\n'), worst };
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
  const settled: Record<Size, number> = { demo: await waitSettled(services, db), control: 0, grown: 0 };
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
  settled.grown = await waitSettled(services, db);
  say(`grown database settled ${settled.grown.toFixed(0)} s after the start`);
  started = performance.now();
  const controlServices = await startServices(control.url);
  const controlDb = (await connect(control.url)).db;
  settled.control = await waitSettled(controlServices, controlDb);
  say(`five subgraphs and the gateway ready on the control in ${seconds(started)} s`);
  await expectSameAnswers(services.url, expected, 'after growth');
  await expectSameAnswers(controlServices.url, expected, 'on the control');

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
  cells.push(...(await measure(specs, ROUNDS)));
  loads.push({ at: 'end', load: load() });
  await Promise.all([services.stop(), controlServices.stop()]);

  const { markdown, worst } = report(cells, { demo: demoSize, grown: grownSize }, growth, settled, seeded);
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
