/**
 * `npm run bench:import-load`: 10,000 CSV lines imported through the gateway while a second process keeps
 * the machine busy with credit-file queries (16 clients). The import must end with 0 failures: batches that
 * meet a dropped connection, a late subgraph or an internal error are sent again (intake is idempotent).
 * With DATABASE_URL it runs on a fresh PostgreSQL database of its own, dropped afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { writeSampleCsv } from './import/sample.js';
import { importFile } from './import/run.js';
import { startSystem } from '../platform/system.js';

const LINES = Number(process.env.BENCH_LINES ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const baseUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
let dropDatabase = async () => {};
if (baseUrl) {
  const name = `xt_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
}
const system = await startSystem({
  pglite: 'memory',
  seed: true,
  anyPorts: true,
  env: { ...process.env, DATABASE_URL: databaseUrl, PORTAL_RATE_LIMIT: '100000000' },
});
const code = system.seeded!.demo.companyCode;

// The load: another process, so it competes for the CPU as other tenants of the machine would.
const LOAD = `
const [url, code, clients] = process.argv.slice(1);
const query = 'query($c: String!) { subjectByCode(code: $c) { id name creditRecords { category reportingUnit { name } } repairApplications { number } listMemberships { list } supervision { level } } }';
let ok = 0, failed = 0, running = true;
process.on('message', () => { running = false; });
async function client() {
  while (running) {
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-credit-office' }, body: JSON.stringify({ query, variables: { c: code } }) });
      const body = await r.json();
      if (body.errors) failed++; else ok++;
    } catch { failed++; }
  }
}
Promise.all(Array.from({ length: Number(clients) }, client)).then(() => { process.send({ ok, failed }); process.exit(0); });
`;
const load = spawn(process.execPath, ['-e', LOAD, system.gateway.url, code, String(CLIENTS)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
await new Promise((resolve) => setTimeout(resolve, 1000));

const file = writeSampleCsv(mkdtempSync(join(tmpdir(), 'bench-load-')), LINES, { code: 'LD', name: '负载测试', reference: 'LOAD' });
let retries = 0;
const started = performance.now();
let outcome = '';
try {
  const summary = await importFile({
    file,
    gatewayUrl: system.gateway.url,
    headers: { 'x-api-key': 'demo-market-regulation' },
    batchSize: 500,
    onRetry: () => retries++,
  });
  const seconds = (performance.now() - started) / 1000;
  outcome = `${summary.lines} lines in ${seconds.toFixed(1)} s (${Math.round(summary.lines / seconds)} lines/s): ${summary.created} created, ${summary.duplicate} duplicate, ${summary.rejected.length} rejected; batches sent again: ${retries}; failures: 0`;
} catch (error) {
  outcome = `import FAILED after ${retries} retries: ${(error as Error).message}`;
}
const loadResult = await new Promise<{ ok: number; failed: number }>((resolve) => {
  load.once('message', (message) => resolve(message as { ok: number; failed: number }));
  load.send('stop');
});
const seconds = (performance.now() - started) / 1000;
console.log(`Database: ${system.databaseKind}; Node ${process.version}; ${new Date().toISOString()}`);
console.log(`Import under load (${CLIENTS} clients asking credit files from another process): ${outcome}`);
console.log(
  `Load meanwhile: ${loadResult.ok} credit files answered (${Math.round(loadResult.ok / seconds)}/s), ${loadResult.failed} failed`,
);
await system.close();
await dropDatabase();
if (outcome.startsWith('import FAILED')) process.exit(1);
