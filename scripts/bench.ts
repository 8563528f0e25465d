/**
 * `npm run bench`: start-up time, cross-subgraph query latency and memory of the embedded system, with
 * SQL statement counts. Prints a Markdown table for the README's Performance section.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleCsv } from './import/sample.js';
import { importFile } from './import/run.js';
import { drainConsumers, startSystem } from '../platform/system.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
let statements = 0;
const startedAt = performance.now();
// Event consumers are driven by hand here so that the statement counts are the operations' own.
const system = await startSystem({
  pglite: 'memory',
  seed: true,
  anyPorts: true,
  manualConsumers: true,
  observer: () => statements++,
  env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
});
const startupMs = performance.now() - startedAt;
const demo = system.seeded!.demo;
const rssAfterStart = process.memoryUsage().rss;

const CREDIT_FILE = `query($code: String!) { subjectByCode(code: $code) { id name creditRecords { category status reportingUnit { name } disclosure { isPublicNow } }
  repairApplications { number state } objections { number } listMemberships { list active } supervision { level } } }`;
const PAGE = `{ subjects(first: 100) { edges { node { id name creditRecords { id category } repairApplications { id } listMemberships { list } } } } }`;

async function post(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(system.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'demo-credit-office' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

async function measure(name: string, query: string, variables: Record<string, unknown> = {}) {
  for (let i = 0; i < 20; i++) await post(query, variables);
  const times: number[] = [];
  statements = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await post(query, variables);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  return `| ${name} | ${ROUNDS} | ${pct(50)} | ${pct(95)} | ${pct(99)} | ${(statements / ROUNDS).toFixed(1)} |`;
}

/** Every sample of the gateway's /metrics, summed by series name and the label that matters here. */
async function scrapeMetrics(): Promise<Map<string, number>> {
  const url = new URL('/metrics', system.gateway.url);
  const token = process.env.METRICS_TOKEN;
  const text = await (await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {})).text();
  const totals = new Map<string, number>();
  for (const line of text.split('\n')) {
    const sample = /^(xt_[a-z_]+?)(?:_count)?(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!sample || line.includes('_bucket') || /_sum[{ ]/.test(line)) continue;
    const outcome = /outcome="([^"]+)"/.exec(sample[2] ?? '')?.[1];
    const key = outcome ? `${sample[1]} (${outcome})` : sample[1]!;
    totals.set(key, (totals.get(key) ?? 0) + Number(sample[3]));
  }
  return totals;
}
const metricsBefore = await scrapeMetrics();

const rows = [
  await measure('credit file of one company (4 subgraphs)', CREDIT_FILE, { code: demo.companyCode }),
  await measure('page of 100 subjects + records, applications, memberships', PAGE),
];

/** Intake: a 10,000-line CSV through the gateway, twice (the second run finds every line already stored). */
async function importTwice(): Promise<string[]> {
  const lines = 10_000;
  const file = writeSampleCsv(mkdtempSync(join(tmpdir(), 'bench-')), lines, { code: 'BE', name: '基准测试', reference: 'BENCH' });
  const out: string[] = [];
  for (const run of ['first push', 'second push (all duplicates)']) {
    const t = performance.now();
    const summary = await importFile({
      file,
      gatewayUrl: system.gateway.url,
      headers: { 'x-api-key': 'demo-market-regulation' },
      batchSize: 1000,
    });
    const seconds = (performance.now() - t) / 1000;
    out.push(
      `Import of ${lines} CSV lines, ${run}: ${seconds.toFixed(1)} s (${Math.round(lines / seconds)} lines/s): ${summary.created} created, ${summary.duplicate} duplicate`,
    );
  }
  return out;
}
const intake = await importTwice();
// What the import published, applied by every consumer (the event counters and lag), and a stranger guessing a
// progress query code until the lockout refuses them (the rate-limit refusals).
await drainConsumers(system.consumers);
for (let i = 0; i < 8; i++)
  await fetch(system.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ applicationProgress(number: "${demo.repairNumber}", code: "WRONG${i}XX") { state } }` }),
  });
const metricsAfter = await scrapeMetrics();
const moved = [...metricsAfter]
  .map(([series, value]) => [series, value - (metricsBefore.get(series) ?? 0)] as const)
  // The platform's own series; prom-client's process and Node.js gauges are not counters of work.
  .filter(([series, delta]) => delta > 0 && !series.includes('lag') && !/^xt_(nodejs|process)_/.test(series))
  .sort(([a], [b]) => a.localeCompare(b));
const memory = process.memoryUsage();
console.log(`\nDatabase: ${system.databaseKind}; Node ${process.version}; ${new Date().toISOString()}`);
console.log(
  `Start-up (migrate ${SUBGRAPH_NAMES.length} schemas, seed ${system.seeded!.records} records, start ${SUBGRAPH_NAMES.length + 1} services): ${(startupMs / 1000).toFixed(1)} s`,
);
console.log(
  `Memory (one process: gateway, ${SUBGRAPH_NAMES.length} subgraphs${system.databaseKind === 'pglite' ? ', PGlite' : ''}): RSS ${(rssAfterStart / 2 ** 20).toFixed(0)} MiB after start-up, ${(memory.rss / 2 ** 20).toFixed(0)} MiB after the runs; heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB\n`,
);
console.log('| operation (sequential, as credit office) | runs | p50 ms | p95 ms | p99 ms | SQL statements / op |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log('');
for (const line of intake) console.log(line);
console.log('\n| /metrics series (counters; histograms by their _count) | moved by during the runs |');
console.log('|---|---|');
for (const [series, delta] of moved) console.log(`| \`${series}\` | ${Math.round(delta)} |`);
await system.close();
