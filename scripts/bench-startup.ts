/**
 * `npm run bench:startup [-- --runs N]`: what `npm start` does on an empty folder, timed. Two kinds of runs, N of
 * each, one after another:
 *
 * - by phase: a process that does what platform/embedded.ts does (startSystem: copy the migrated template into
 *   the empty folder and open PGlite on it, build the subgraphs, migrate, serve, seed the demo set through the
 *   doors with every consumer reading the events, start the gateway), wall and CPU seconds of each phase
 *   (`import`: from the process's start to the platform's code loaded). CPU counts every thread of the process.
 * - whole: `npm start` itself (npm, tsx, embedded.ts) on an empty PGLITE_DIR and free ports, wall seconds from
 *   its spawn to its "ready" banner, then stopped.
 *
 * Each run's folder is removed after it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COLUMNS = ['import', 'open', 'build', 'migrate', 'serve', 'seed', 'gateway', 'ready'] as const;
type Column = (typeof COLUMNS)[number];
interface Run {
  wall: Record<Column, number>;
  cpu: Record<Column, number>;
  load: number;
}

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function phaseRun(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'credit-startup-'));
  const folder = join(base, 'pglite');
  const { startSystem, STARTUP_PHASES } = await import('../platform/system.js');
  const imported = { wall: performance.now(), cpu: cpuNow() };
  const system = await startSystem({ pglite: folder, seed: true, anyPorts: true });
  const ready = { wall: performance.now(), cpu: cpuNow() };
  const seeded = system.seeded!;
  console.error(
    `ready on an empty PGlite folder: ${seeded.organisations} organisations, ${seeded.persons} persons, ${seeded.records} records, ` +
      `${seeded.repairApplications} repair applications, ${seeded.objections} objections`,
  );
  const run: Run = {
    wall: { import: imported.wall, ready: ready.wall } as Run['wall'],
    cpu: { import: imported.cpu, ready: ready.cpu } as Run['cpu'],
    load: loadavg()[0]!,
  };
  for (const phase of STARTUP_PHASES) [run.wall[phase], run.cpu[phase]] = [system.phases[phase].wallMs, system.phases[phase].cpuMs];
  console.log(JSON.stringify(run));
  await system.close();
  rmSync(base, { recursive: true, force: true });
}

/** `npm start` on an empty folder: seconds from its spawn to its banner. */
function npmStartRun(): Promise<{ wall: number; load: number }> {
  const base = mkdtempSync(join(tmpdir(), 'credit-npm-start-'));
  const ports = Object.fromEntries(['GATEWAY', 'SUBJECTS', 'RECORDS', 'REPAIRS', 'INCENTIVES', 'REPORTS'].map((s) => [`${s}_PORT`, '0']));
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, ...ports, PGLITE_DIR: join(base, 'pglite'), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group: npm, tsx and node are stopped together
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    const finish = (error?: Error, result?: { wall: number; load: number }) => {
      if (done) return;
      done = true;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      child.once('close', () => {
        rmSync(base, { recursive: true, force: true });
        if (error) reject(error);
        else resolve(result!);
      });
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('supergraph ready in')) finish(undefined, { wall: performance.now() - started, load: loadavg()[0]! });
    });
    child.once('exit', (code) => finish(new Error(`npm start ended (${code}) before its banner:\n${out}`)));
  });
}

async function main(): Promise<void> {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 1;
  const s = (ms: number) => (ms / 1000).toFixed(2).padStart(8);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_STARTUP_CHILD: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`bench:startup: run ${i + 1} printed no timings:\n${out}`);
    results.push(JSON.parse(line) as Run);
  }
  console.log('by phase (seconds)');
  console.log(`${''.padEnd(10)}${COLUMNS.map((c) => c.padStart(8)).join('')}   load`);
  results.forEach((r, i) => {
    console.log(`${`${i + 1} wall`.padEnd(10)}${COLUMNS.map((c) => s(r.wall[c])).join('')} ${r.load.toFixed(2).padStart(6)}`);
    console.log(`${`${i + 1} cpu`.padEnd(10)}${COLUMNS.map((c) => s(r.cpu[c])).join('')}`);
  });
  if (results.length > 1)
    for (const kind of ['wall', 'cpu'] as const)
      console.log(`${`med ${kind}`.padEnd(10)}${COLUMNS.map((c) => s(median(results.map((r) => r[kind][c])))).join('')}`);

  const whole: { wall: number; load: number }[] = [];
  for (let i = 0; i < runs; i++) whole.push(await npmStartRun());
  console.log(
    `npm start, spawn to banner (seconds): ${whole.map((w) => `${s(w.wall).trim()} (load ${w.load.toFixed(2)})`).join(', ')}` +
      (whole.length > 1 ? `; median ${s(median(whole.map((w) => w.wall))).trim()}` : ''),
  );
}

if (process.env.BENCH_STARTUP_CHILD === '1') await phaseRun();
else await main();
