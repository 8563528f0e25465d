/**
 * `npm run bench:intake`: intake (归集) against PostgreSQL's COPY of the same stored rows, in one run on a
 * database of its own (xt_bench_intake, dropped afterwards). N records of new subjects (BENCH_RECORDS,
 * default 40,000; BENCH_QUICK=1: 5,000), generated as scripts/import/sample.ts writes them, each way once
 * with one caller sending batch after batch of 1,000 and once with 4 callers at once (N/4 lines each):
 *  (a) reportRecords through the gateway of a startSystem — what users get — sent by `npm run import`'s client
 *      (scripts/import/run.ts importFile) from a process of its own;
 *  (a') the records feature itself (intake.ts reportRecords with the subgraph's stores), called in process:
 *      no HTTP, no GraphQL, the audit notes collected but not written — what the intake path itself costs;
 *  (b) COPY FROM STDIN of the credit_records rows (a) stored, into fresh tables LIKE records.credit_records
 *      INCLUDING ALL (the same indexes and defaults);
 *  (c) the event consumers, paused during (a), draining what intake published, timed apart;
 *  (d) `npm run import` again (1 client, a file of its own) with the consumers running as `npm start` runs
 *      them, and how long after the import ends the last projection of its records is written.
 * Prints rows/s, the ratio intake/COPY, the time of the store's writes, SQL statements per batch and the rows
 * each record became. BENCH_PROFILE=<prefix>: this process's CPU profiles of (a), (a') and (c).
 * DATABASE_URL: the server to use (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { readReportFile } from './import/parse.js';
import { writeSampleCsv } from './import/sample.js';
import { importFile, type ImportSummary } from './import/run.js';

const BATCH = 1_000;
const PARALLEL = 4;

/** The client process: imports the files it is given at once, when told, and answers the summaries. */
if (process.argv[2] === '--client') {
  process.once('message', async (message) => {
    const { gatewayUrl, files } = message as { gatewayUrl: string; files: string[] };
    const summaries = await Promise.all(
      files.map((file) => importFile({ file, gatewayUrl, headers: { 'x-api-key': 'demo-market-regulation' }, batchSize: BATCH })),
    );
    process.send!(summaries, () => process.exit(0));
  });
  process.send!('ready');
  await new Promise(() => {});
}

// Loaded here, not in the client: the client process measures only what `npm run import` itself costs.
const { startSystem } = await import('../platform/system.js');
const { SUBGRAPH_NAMES } = await import('../subgraphs/registry.js');
const { reportRecords } = await import('../subgraphs/records/intake.js');
const { AuditCollector } = await import('../subgraphs/kit/audit.js');

const N = process.env.BENCH_QUICK ? 5_000 : Number(process.env.BENCH_RECORDS ?? 40_000);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NAME = 'xt_bench_intake';
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${NAME} with (force)`);
await admin.unsafe(`create database ${NAME}`);
// BENCH_EXPLAIN=<ms>: the server logs every statement over <ms>, with its plan (auto_explain), in its own log.
if (process.env.BENCH_EXPLAIN)
  await admin.unsafe(
    `alter database ${NAME} set session_preload_libraries = 'auto_explain'; alter database ${NAME} set auto_explain.log_min_duration = ${Number(process.env.BENCH_EXPLAIN)}; alter database ${NAME} set auto_explain.log_analyze = on; alter database ${NAME} set log_min_duration_statement = ${Number(process.env.BENCH_EXPLAIN)}`,
  );
const url = new URL(base);
url.pathname = `/${NAME}`;

/** SQL statements sent, by subgraph, since the last `take`. */
const counted = new Map<string, number>();
const takeStatements = () => {
  const out = Object.fromEntries(counted);
  counted.clear();
  return out;
};
const system = await startSystem({
  pglite: 'memory',
  anyPorts: true,
  // The consumers wait until (c): intake is measured alone, as the issue measured it.
  manualConsumers: true,
  observer: (subgraph) => counted.set(subgraph, (counted.get(subgraph) ?? 0) + 1),
  env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' },
});
const sql = postgres(url.toString(), { max: PARALLEL, onnotice: () => {} });
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// A timing span around the store's write of a batch (its SQL and the rows built for it): the rest of a
// batch's time is the client, the gateway, GraphQL and intake's checks.
const records = system.subgraphs.records.data;
const submit = records.intake.submit.bind(records.intake);
let storeMs = 0;
records.intake.submit = async (...args) => {
  const started = performance.now();
  try {
    return await submit(...args);
  } finally {
    storeMs += performance.now() - started;
  }
};

/** One way of sending: `run` sends the files (one caller, or PARALLEL at once) and checks every line was created. */
async function measure(files: string[], run: (files: string[]) => Promise<void>) {
  takeStatements();
  storeMs = 0;
  const started = performance.now();
  await run(files);
  const ms = performance.now() - started;
  const batches = files.length * Math.ceil(N / files.length / BATCH);
  const statements = Object.entries(takeStatements())
    .map(([subgraph, n]) => `${subgraph} ${(n / batches).toFixed(1)}`)
    .join(', ');
  return { ms, storeMs, statements, batches };
}
const created = (summary: { created: number; lines: number }, label: string) => {
  if (summary.created !== summary.lines) throw new Error(`${label}: ${summary.created} of ${summary.lines} lines created`);
};

/** (a): a client process imports the files at once; timed from the moment it is told to go. */
async function throughGateway(files: string[]): Promise<void> {
  const client = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--client'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => client.once('message', resolve));
  const answer = new Promise<ImportSummary[]>((resolve, reject) => {
    client.once('message', (summaries) => resolve(summaries as ImportSummary[]));
    client.once('exit', (code) => reject(new Error(`the import client ended (${code}) without an answer`)));
  });
  client.send({ gatewayUrl: system.gateway.url, files });
  for (const summary of await answer) created(summary, 'gateway');
}

/** (a'): the lines parsed beforehand (not timed), then each file's batches through the feature, files at once. */
async function throughFeature(files: string[]): Promise<() => Promise<void>> {
  const inputs = await Promise.all(
    files.map(async (file) => {
      const lines = [];
      for await (const line of readReportFile(file)) lines.push(line.input!);
      return lines;
    }),
  );
  const principal = { role: 'MEMBER_UNIT' as const, unitId: 'market-regulation' };
  return async () => {
    await Promise.all(
      inputs.map(async (lines) => {
        for (let i = 0; i < lines.length; i += BATCH) {
          const ctx = { principal, audit: new AuditCollector(principal, 'bench', 'reportRecords'), ...records };
          const results = await reportRecords(ctx, lines.slice(i, i + BATCH));
          created({ created: results.filter((r) => r.outcome === 'CREATED').length, lines: results.length }, 'feature');
        }
      }),
    );
  };
}

// Letters of a unified social credit code (no I, O, S, V, Z): each way its own subjects and references.
const folder = mkdtempSync(join(tmpdir(), 'bench-intake-'));
const sample = (code: string, reference: string, lines: number) =>
  writeSampleCsv(mkdtempSync(join(folder, `${reference}-`)), lines, { code, name: `归集${reference}号`, reference });
const quarters = (letter: string, reference: string) =>
  Array.from({ length: PARALLEL }, (_, i) => sample(`${letter}${'ABCD'[i]}`, `${reference}${i}`, N / PARALLEL));
const files = {
  seq: [sample('AA', 'SEQ', N)],
  par: quarters('P', 'PAR'),
  featureSeq: [sample('FA', 'FSEQ', N)],
  featurePar: quarters('Q', 'FPAR'),
  live: [sample('LA', 'LIVE', N)],
};

/** Rows of every table of the five schemas. */
async function tableRows(): Promise<Map<string, number>> {
  const tables = await sql<{ name: string }[]>`
    select schemaname || '.' || relname as name from pg_stat_user_tables
    where schemaname in ${sql(SUBGRAPH_NAMES as unknown as string[])} order by 1`;
  const counts = new Map<string, number>();
  for (const { name } of tables) counts.set(name, (await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${name}`))[0]!.n);
  return counts;
}
const grown = (before: Map<string, number>, after: Map<string, number>, per: number) =>
  [...after]
    .filter(([name, n]) => n > (before.get(name) ?? 0))
    .map(([name, n]) => `${name} ${((n - (before.get(name) ?? 0)) / per).toFixed(2)}`)
    .join(', ');

const version = (await sql<{ server_version: string }[]>`show server_version`)[0]!.server_version;
console.log(
  `# Intake vs COPY — ${N} records of new subjects, batches of ${BATCH}; PostgreSQL ${version}, Node ${process.version}, ${new Date().toISOString()}`,
);
console.log(`load average before: ${load()}`);
const beforeIntake = await tableRows();

/** BENCH_PROFILE=<prefix>: this process's CPU profile of a phase, <prefix>-<phase>.cpuprofile (gateway, feature, consumers). */
async function profiled<T>(way: string, run: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PROFILE) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await run();
  writeFileSync(`${process.env.BENCH_PROFILE}-${way}.cpuprofile`, JSON.stringify((await session.post('Profiler.stop')).profile));
  session.disconnect();
  return result;
}
// BENCH_WAYS=feature: only the feature in process (and COPY), for working on intake itself.
const ways = (process.env.BENCH_WAYS ?? 'gateway,feature,consumers,live').split(',');
const withGateway = ways.includes('gateway');
const skipped = { ms: NaN, storeMs: NaN, statements: '', batches: 1 };
const [gatewaySeq, gatewayPar] = withGateway
  ? await profiled('gateway', async () => [await measure(files.seq, throughGateway), await measure(files.par, throughGateway)])
  : [skipped, skipped];
const feature = { seq: await throughFeature(files.featureSeq), par: await throughFeature(files.featurePar) };
const [featureSeq, featurePar] = await profiled('feature', async () => [
  await measure(files.featureSeq, feature.seq),
  await measure(files.featurePar, feature.par),
]);
const afterIntake = await tableRows();

// (b) COPY of the rows (a) stored: exported first (not timed), loaded into fresh tables with the same indexes.
async function exported(reference: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const stream = await sql
    .unsafe(`copy (select * from records.credit_records where unit_reference like '${reference}-%' order by unit_reference) to stdout`)
    .readable();
  // Through pipeline: a `for await` over postgres.js's COPY stream left its connection busy for good (3.4.9).
  await pipeline(stream, new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) }));
  return chunks;
}
const rowsSeq = await exported('FSEQ');
const rowsPar = await Promise.all(files.featurePar.map((_, i) => exported(`FPAR${i}`)));
await sql`create schema bench`;
await sql`create table bench.copy_seq (like records.credit_records including all)`;
await sql`create table bench.copy_par (like records.credit_records including all)`;
const copyInto = async (table: string, chunks: Buffer[]) =>
  pipeline(Readable.from(chunks), await sql.unsafe(`copy bench.${table} from stdin`).writable());
let t = performance.now();
await copyInto('copy_seq', rowsSeq);
const copySeqMs = performance.now() - t;
t = performance.now();
await Promise.all(rowsPar.map((chunks) => copyInto('copy_par', chunks)));
const copyParMs = performance.now() - t;
const [copied] = await sql<{ seq: number; par: number }[]>`
  select (select count(*)::int from bench.copy_seq) as seq, (select count(*)::int from bench.copy_par) as par`;
if (copied!.seq !== N || copied!.par !== N) throw new Error(`COPY loaded ${copied!.seq} and ${copied!.par} rows, expected ${N}`);

// (c) the consumers, one at a time: those of records' log first, then whatever those cascade to.
const labels = SUBGRAPH_NAMES.flatMap((name) => system.subgraphs[name].consumes.map((c) => `${name} ← ${c.producer}`));
const consumerLines: string[] = [];
takeStatements();
await profiled('consumers', async () => {
  if (!ways.includes('consumers')) return;
  for (const [i, consumer] of system.consumers.entries()) {
    if (!labels[i]!.endsWith('← records')) continue;
    const started = performance.now();
    const events = await consumer.pollOnce();
    const ms = performance.now() - started;
    const statements = Object.values(takeStatements()).reduce((a, b) => a + b, 0);
    const pages = Math.max(1, Math.ceil(events / 500));
    consumerLines.push(
      `| ${labels[i]} | ${events} | ${(ms / 1000).toFixed(1)} | ${rate(events, ms)} | ${(statements / pages).toFixed(1)} |`,
    );
  }
});
t = performance.now();
let cascaded = 0;
for (let round = 0, applied = ways.includes('consumers') ? 1 : 0; round < 10 && applied; round++) {
  applied = 0;
  for (const consumer of system.consumers) applied += await consumer.pollOnce();
  cascaded += applied;
}
const cascadeMs = performance.now() - t;
const afterConsumers = await tableRows();

// (d) The import with the consumers polling as npm start has them (system.ts: every 300 ms, and at once on a
// NATS notice where there is one); done when every table a record of a new subject ends in holds all of them.
const PROJECTIONS = ['subjects.subjects', 'records.subject_directory', 'repairs.record_projection', 'incentives.record_facts'];
const projected = async () =>
  Promise.all(PROJECTIONS.map(async (name) => (await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${name}`))[0]!.n));
let live = { ...skipped, lagMs: NaN };
if (ways.includes('live')) {
  const start = await projected();
  for (const consumer of system.consumers) consumer.start(300);
  const run = await measure(files.live, throughGateway);
  const ended = performance.now();
  for (;;) {
    const now = await projected();
    if (now.every((n, i) => n >= start[i]! + N)) break;
    if (performance.now() - ended > 600_000) throw new Error(`consumers behind 10 minutes after the import: ${now} of ${start} + ${N}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  live = { ...run, lagMs: performance.now() - ended };
  for (const consumer of system.consumers) await consumer.stop();
}

const copySeq = rate(N, copySeqMs);
const copyPar = rate(N, copyParMs);
const line = (label: string, ms: number, copy: number) =>
  `| ${label} | ${N} | ${(ms / 1000).toFixed(2)} | ${rate(N, ms)} | ${copy ? (rate(N, ms) / copy).toFixed(3) : ''} |`;
console.log('');
console.log('| | rows | s | rows/s | intake/COPY |');
console.log('|---|---:|---:|---:|---:|');
console.log(line('intake via the gateway (npm run import), 1 client', gatewaySeq.ms, copySeq));
console.log(line(`intake via the gateway, ${PARALLEL} clients`, gatewayPar.ms, copyPar));
console.log(line('intake via the gateway, 1 client, the consumers running', live.ms, copySeq));
console.log(line('intake, the records feature in process, 1 caller', featureSeq.ms, copySeq));
console.log(line(`intake, the records feature in process, ${PARALLEL} callers`, featurePar.ms, copyPar));
console.log(line('COPY, 1 stream', copySeqMs, 0));
console.log(line(`COPY, ${PARALLEL} streams`, copyParMs, 0));
console.log('');
console.log(
  `Per batch of ${BATCH} (ms; with ${PARALLEL} at once, each batch's own time) and the store's write of it, SQL statements per batch:`,
);
for (const [label, run, callers] of [
  ['gateway, 1 client', gatewaySeq, 1],
  [`gateway, ${PARALLEL} clients`, gatewayPar, PARALLEL],
  ['gateway, 1 client, consumers running', live, 1],
  ['feature, 1 caller', featureSeq, 1],
  [`feature, ${PARALLEL} callers`, featurePar, PARALLEL],
] as const)
  console.log(
    `- ${label}: ${((run.ms * callers) / run.batches).toFixed(0)} ms, store ${(run.storeMs / run.batches).toFixed(0)} ms; statements: ${run.statements}`,
  );
console.log(`Rows per record written by intake: ${grown(beforeIntake, afterIntake, (withGateway ? 4 : 2) * N)}`);
console.log(`Rows per record written by the consumers: ${grown(afterIntake, afterConsumers, (withGateway ? 4 : 2) * N)}`);
console.log('');
console.log('| consumer (paused during intake) | events | s | events/s | statements per page of 500 |');
console.log('|---|---:|---:|---:|---:|');
for (const consumerLine of consumerLines) console.log(consumerLine);
console.log(`| every consumer, until nothing cascades | ${cascaded} | ${(cascadeMs / 1000).toFixed(1)} | ${rate(cascaded, cascadeMs)} | |`);
console.log(
  `With the consumers running, the last projection of the import's ${N} records was written ${(live.lagMs / 1000).toFixed(1)} s after the import ended (${rate(N, live.ms + live.lagMs)} records/s from the first line sent to the last projection).`,
);
console.log(`load average after: ${load()}`);

await sql.end();
await system.close();
await admin.unsafe(`drop database if exists ${NAME} with (force)`);
await admin.end();
