/**
 * `npm run bench:audit`: what the audit trail costs (issue 16). On a fresh PostgreSQL database, the platform in
 * one process, the credit office reads a person's file (audited in subjects, records and incentives) at 1, 4
 * and 16 clients, audited and with the trail's appends switched off in this process only, alternating in
 * rounds so machine noise hits both alike. Then a trail of BENCH_AUDIT_ENTRIES entries is verified whole and
 * from its checkpoint after 1,000 more.
 */
import { loadavg } from 'node:os';
import { startSystem } from '../platform/system.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import type { AuditEntry } from '../subgraphs/kit/audit.js';
import { createBenchDatabase, DEFAULT_DATABASE_URL } from './bench/database.js';
import { percentile, runCell, merged, type CellResult } from './bench/load.js';

const quick = process.env.BENCH_QUICK === '1';
const CLIENTS = [1, 4, 16];
const ROUNDS = quick ? 1 : 3;
const DURATION_MS = quick ? 2000 : 5000;
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? (quick ? 20_000 : 200_000));

const database = await createBenchDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const system = await startSystem({
  env: { ...process.env, DATABASE_URL: database.url, PORTAL_RATE_LIMIT: '100000000', LOG_LEVEL: 'silent' },
  pglite: 'memory',
  seed: true,
  anyPorts: true,
});
try {
  const load = [loadavg()[0]!.toFixed(2)];
  const person = system.seeded!.demo.personIdNumber;
  const query = `query PersonFile($n: String!) { subjectByIdNumber(idNumber: $n) { id name idNumber creditRecords { category facts } creditPoints { balance } } }`;
  const ask = async () => {
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-credit-office' },
      body: JSON.stringify({ query, variables: { n: person } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    return body.errors ? JSON.stringify(body.errors).slice(0, 200) : '';
  };
  const appends = SUBGRAPH_NAMES.map((name) => ({ audit: system.subgraphs[name].audit, append: system.subgraphs[name].audit.append }));
  const auditing = (on: boolean) => {
    for (const { audit, append } of appends) audit.append = on ? append : async () => {};
  };

  const cells = new Map<string, CellResult[]>();
  for (let round = 0; round < ROUNDS; round++)
    for (const clients of CLIENTS)
      for (const audited of round % 2 ? [false, true] : [true, false]) {
        auditing(audited);
        const key = `${clients}|${audited}`;
        cells.set(key, [...(cells.get(key) ?? []), await runCell(ask, { clients, warmupMs: 1000, durationMs: DURATION_MS })]);
      }
  auditing(true);
  load.push(loadavg()[0]!.toFixed(2));

  const rows = CLIENTS.map((clients) => {
    const [on, off] = [true, false].map((audited) => merged(cells.get(`${clients}|${audited}`)!));
    const rate = (cell: CellResult) => cell.completed / cell.seconds;
    const failures = on!.failures + off!.failures;
    return `| ${clients} | ${rate(on!).toFixed(1)} | ${percentile(on!.latenciesMs, 50).toFixed(1)} / ${percentile(on!.latenciesMs, 99).toFixed(1)} | ${rate(off!).toFixed(1)} | ${percentile(off!.latenciesMs, 50).toFixed(1)} / ${percentile(off!.latenciesMs, 99).toFixed(1)} | **${(rate(on!) / rate(off!)).toFixed(2)}** | ${failures} |`;
  });

  // A long trail: entries appended as requests would, 1,000 a batch.
  const trail = system.subgraphs.subjects.audit;
  const entry = (i: number): AuditEntry => ({
    at: new Date(),
    requestId: `bench-${i}`,
    principal: 'CREDIT_OFFICE:credit-office',
    unitId: 'credit-office',
    operation: 'Bench',
    action: 'READ',
    dataClass: 'PERSON_SUBJECT',
    subjectIds: ['bench'],
  });
  const fill = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += 1000)
      await trail.append(Array.from({ length: Math.min(1000, from + count - i) }, (_, j) => entry(i + j)));
  };
  await fill(0, ENTRIES);
  const timed = async (full: boolean) => {
    const started = performance.now();
    const result = await trail.verify({ full });
    return { ms: performance.now() - started, checked: result.checkedEntries, intact: result.intact };
  };
  const whole = await timed(true);
  await fill(ENTRIES, 1000);
  const incremental = await timed(false);
  const wholeAgain = await timed(true);

  console.log(
    `Database: PostgreSQL ${database.version}; Node ${process.version}; ${new Date().toISOString()}; load average ${load.join(' → ')}`,
  );
  console.log(
    `Credit office reads a person's file (3 subgraphs audited), ${ROUNDS} rounds of ${DURATION_MS / 1000} s a cell, audited and not alternating\n`,
  );
  console.log('| clients | audited req/s | p50 / p99 ms | unaudited req/s | p50 / p99 ms | audited / unaudited | failures |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\nVerification of a trail of ${whole.checked} entries: whole ${whole.ms.toFixed(0)} ms; after 1,000 more, from the checkpoint ${incremental.ms.toFixed(0)} ms (${incremental.checked} entries read), whole again ${wholeAgain.ms.toFixed(0)} ms (${wholeAgain.checked}); intact: ${whole.intact && incremental.intact && wholeAgain.intact}`,
  );
} finally {
  await system.close();
  await database.drop();
}
