/**
 * `npm run bench:attacks`: how fast the gateway refuses what issue 11 measured as lethal, against the
 * floor (the smallest operation), while /health is asked alongside; and whether memory moves.
 */
import { startSystem } from '../platform/system.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const system = await startSystem({
  pglite: 'memory',
  seed: true,
  anyPorts: true,
  manualConsumers: true,
  env: { ...process.env, PORTAL_RATE_LIMIT: '100000000' },
});
const code = system.seeded!.demo.companyCode;

function multiplying(hops: number): string {
  let selection = 'id';
  for (let i = 0; i < hops; i++) selection = `creditRecords { subject { ${selection} } }`;
  return `query($c: String!) { subjectByCode(code: $c) { ${selection} } }`;
}

const ATTACKS: [string, string][] = [
  ['floor: { __typename }', '{ __typename }'],
  ['depth 50 (25 hops of creditRecords { subject })', multiplying(25)],
  ['5 hops inside the depth limit (cost)', multiplying(5)],
  ['10,000 aliases', `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
  [
    '21 root fields in fragments',
    `{ ... on Query { ${Array.from({ length: 21 }, (_, i) => `r${i}: emergencyResponse { endedOn }`).join(' ')} } }`,
  ],
];

async function timeOne(query: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(system.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { c: code } }),
  });
  await response.arrayBuffer();
  return performance.now() - started;
}

const pct = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
console.log(
  `Database: ${system.databaseKind}; Node ${process.version}; ${new Date().toISOString()}; ${ROUNDS} sequential requests each, /health asked in parallel`,
);
console.log('\n| operation (anonymous) | p50 ms | p99 ms | max ms | /health p99 ms meanwhile |');
console.log('|---|---|---|---|---|');
// With --expose-gc the heap is measured after a full collection, so what stays is what the requests kept.
const settle = () => (globalThis as { gc?: () => void }).gc?.();
settle();
const before = process.memoryUsage();
let floor = 0;
for (const [name, query] of ATTACKS) {
  for (let i = 0; i < 20; i++) await timeOne(query);
  const times: number[] = [];
  const health: number[] = [];
  let running = true;
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(system.gateway.origin + '/health')).arrayBuffer();
      health.push(performance.now() - started);
    }
  })();
  for (let i = 0; i < ROUNDS; i++) times.push(await timeOne(query));
  running = false;
  await prober;
  times.sort((a, b) => a - b);
  health.sort((a, b) => a - b);
  if (!floor) floor = pct(times, 50);
  console.log(
    `| ${name} | ${pct(times, 50).toFixed(1)} (${(pct(times, 50) / floor).toFixed(2)}× floor) | ${pct(times, 99).toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ${pct(health, 99).toFixed(1)} |`,
  );
}
settle();
const after = process.memoryUsage();
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
console.log(
  `\nAfter ${ROUNDS * ATTACKS.length} requests (${ROUNDS * (ATTACKS.length - 1)} refused): heap used ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, RSS ${mib(before.rss)} → ${mib(after.rss)}${(globalThis as { gc?: unknown }).gc ? ' (after a full GC)' : ''}`,
);
await system.close();
