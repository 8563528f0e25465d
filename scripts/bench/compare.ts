/**
 * `npm run bench:compare`: the project's gateway against Hive Gateway, the floor (its subgraph requests
 * replayed directly) and the embedded platform, in one run on a fresh PostgreSQL database, interleaved:
 * each round asks every query at every client count of every target in turn, the order rotating, so the
 * machine's noise falls on all alike. Markdown on stdout, progress on stderr. BENCH_QUICK=1: a short run;
 * BENCH_SECONDS (measured per cell, all rounds), BENCH_WARMUP_SECONDS, BENCH_ROUNDS, BENCH_CLIENTS=1,8,32.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createAuthenticator, loadAuthConfig } from '../../gateway/auth.js';
import { SUPERGRAPH_FILE } from '../../gateway/supergraph.js';
import { loadSecrets } from '../../subgraphs/kit/config.js';
import { difference, isClean, type Answer } from './answers.js';
import { floorContender, httpContender, type Contender, type ContenderName } from './contenders.js';
import { auditCounter, createBenchDatabase, DEFAULT_DATABASE_URL } from './database.js';
import { captureFetches, describePlan, type Capture } from './floor.js';
import { merged, runCell, type CellResult } from './load.js';
import { cpuMs, rssMiB, stopAll } from './processes.js';
import { SUBGRAPH_NAMES } from '../../subgraphs/registry.js';
import { BENCH_QUERIES, type BenchQuery } from './queries.js';
import { markdown, type Measured, type QueryReport } from './report.js';
import { childEnv, startTargets, type Targets } from './targets.js';

const QUICK = process.env.BENCH_QUICK === '1';
const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${process.env[name]}"`);
  return value;
};
const ROUNDS = Math.round(number('BENCH_ROUNDS', QUICK ? 1 : 2));
const CELL_MS = (number('BENCH_SECONDS', QUICK ? 2 : 5) * 1000) / ROUNDS;
const WARMUP_MS = number('BENCH_WARMUP_SECONDS', QUICK ? 0.5 : 1) * 1000;
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const say = (line: string) => process.stderr.write(`[bench:compare] ${line}\n`);

const loadBefore = os.loadavg();
const startedAt = new Date();
const database = await createBenchDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL).catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
let finishing: Promise<void> | undefined;
const finish = (code: number) =>
  (finishing ??= (async () => {
    await stopAll();
    await database.drop().catch((error: Error) => say(`could not drop ${database.name}: ${error.message}`));
    process.exit(code);
  })());
process.once('SIGINT', () => void finish(130));
process.once('SIGTERM', () => void finish(143));
process.on('unhandledRejection', (error) => {
  console.error(`bench:compare failed: ${(error as Error)?.stack ?? error}`);
  void finish(1);
});

async function capture(targets: Targets): Promise<Map<BenchQuery, Capture>> {
  const env = childEnv(database.url);
  const authenticate = createAuthenticator(loadAuthConfig(env));
  const sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
  const captures = new Map<BenchQuery, Capture>();
  for (const query of BENCH_QUERIES) {
    const principal = await authenticate({ apiKey: query.headers['x-api-key'] });
    captures.set(query, await captureFetches(query, sdl, targets.subgraphUrls, loadSecrets(env).internalSecret, principal));
  }
  return captures;
}

/** Each target's answer to each query, against the project's gateway's; the load then expects that answer. */
async function compareAnswers(
  contenders: Contender[],
): Promise<Map<BenchQuery, { expected: Answer; verdict: Map<ContenderName, string> }>> {
  const out = new Map<BenchQuery, { expected: Answer; verdict: Map<ContenderName, string> }>();
  for (const query of BENCH_QUERIES) {
    const expected = await contenders.find((c) => c.name === 'ours')!.answer(query);
    if (!isClean(expected)) throw new Error(`${query.name}: the project's gateway did not answer cleanly: ${expected.text.slice(0, 300)}`);
    const verdict = new Map<ContenderName, string>();
    for (const contender of contenders) {
      const answer = contender.name === 'ours' ? expected : await contender.answer(query);
      const differs = contender.name === 'floor' ? (answer.status === 200 ? '' : answer.text) : difference(expected, answer);
      verdict.set(contender.name, differs ? `DIFFERS: ${differs}` : contender.name === 'floor' ? 'same subgraph answers' : 'same');
      if (differs) say(`${contender.label}, ${query.name}: ${differs}`);
    }
    out.set(query, { expected, verdict });
  }
  return out;
}

interface Tally {
  results: CellResult[];
  frontCpuMs: number;
  subgraphCpuMs: number;
  frontRssMiB: number;
  subgraphRssMiB: number;
  auditEntries: number;
}

async function measure(targets: Targets, contenders: Contender[], answers: Awaited<ReturnType<typeof compareAnswers>>) {
  const tallies = new Map<string, Tally>();
  const subgraphPids = targets.subgraphs.map((s) => s.pid);
  const sum = (read: (pid: number) => number) => subgraphPids.reduce((n, pid) => n + read(pid), 0);
  const audit = auditCounter(database.url, SUBGRAPH_NAMES);
  let cell = 0;
  const cells = ROUNDS * BENCH_QUERIES.length * CLIENTS.length * contenders.length;
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of BENCH_QUERIES) {
      for (const clients of CLIENTS) {
        const shift = (round + cell) % contenders.length;
        for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
          cell += 1;
          const key = `${query.name}|${clients}|${contender.name}`;
          const tally = tallies.get(key) ?? {
            results: [],
            frontCpuMs: 0,
            subgraphCpuMs: 0,
            frontRssMiB: 0,
            subgraphRssMiB: 0,
            auditEntries: 0,
          };
          const auditMark = await audit.mark();
          const pid = contender.front?.pid;
          let [front, subgraphs] = [0, 0];
          const result = await runCell(contender.ask(query, answers.get(query)!.expected), {
            clients,
            warmupMs: WARMUP_MS,
            durationMs: CELL_MS,
            onWindow: (edge) => {
              const sign = edge === 'start' ? -1 : 1;
              front += sign * (pid ? cpuMs(pid) : 0);
              subgraphs += sign * sum(cpuMs);
            },
          });
          tally.auditEntries += await audit.since(auditMark);
          tally.results.push(result);
          tally.frontCpuMs += front;
          tally.subgraphCpuMs += contender.onSubgraphs ? subgraphs : 0;
          tally.frontRssMiB = pid ? rssMiB(pid) : 0;
          tally.subgraphRssMiB = sum(rssMiB);
          tallies.set(key, tally);
          say(
            `${cell}/${cells} ${query.name}, ${clients} clients, ${contender.label}: ${(result.completed / result.seconds).toFixed(1)} req/s${
              result.failures ? `, ${result.failures} failed (${result.firstFailure.slice(0, 200)})` : ''
            }`,
          );
        }
      }
    }
  }
  await audit.close();
  return BENCH_QUERIES.map((query): Omit<QueryReport, 'plan'> & { query: BenchQuery } => ({
    query,
    name: query.name,
    cells: new Map(
      CLIENTS.map((clients) => [
        clients,
        new Map(
          contenders.map((contender): [ContenderName, Measured] => {
            const tally = tallies.get(`${query.name}|${clients}|${contender.name}`)!;
            const { results, ...rest } = tally;
            return [contender.name, { ...rest, result: merged(results), answers: answers.get(query)!.verdict.get(contender.name)! }];
          }),
        ),
      ]),
    ),
  }));
}

try {
  const targets = await startTargets(database.url, say);
  const captures = await capture(targets);
  const internalSecret = loadSecrets(childEnv(database.url)).internalSecret;
  const contenders: Contender[] = [
    httpContender('ours', 'gateway (ours)', targets.gateway.url, targets.gateway.service, true),
    httpContender('hive', 'Hive Gateway', targets.hive.url, targets.hive.service, true),
    floorContender(captures, internalSecret),
    httpContender('embedded', 'embedded (startSystem)', targets.embedded.url, targets.embedded.service, false),
  ];
  const answers = await compareAnswers(contenders);
  say(
    `measuring: ${ROUNDS} round(s), ${CELL_MS / 1000} s a cell a round after ${WARMUP_MS / 1000} s warm-up, clients ${CLIENTS.join('/')}`,
  );
  const measured = await measure(targets, contenders, answers);
  const reports: QueryReport[] = measured.map(({ query, ...rest }) => ({ ...rest, plan: describePlan(captures.get(query)!.plan) }));
  const loadAfter = os.loadavg();
  const hiveVersion = (
    JSON.parse(readFileSync(new URL('../../node_modules/@graphql-hive/gateway/package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  const header = [
    `Node ${process.version}; PostgreSQL ${database.version}; ${os.cpus().length} CPUs; ${startedAt.toISOString()}`,
    `Load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    `Demo set: ${targets.seeded?.records ?? '?'} records, ${targets.seeded?.organisations ?? '?'} organisations, ${targets.seeded?.persons ?? '?'} persons; rate limits and replay checks ${process.env.REDIS_URL ? 'in Redis' : 'in memory'}`,
    `${QUICK ? 'BENCH_QUICK: ' : ''}${ROUNDS} round(s) interleaved; each cell ${(CELL_MS * ROUNDS) / 1000} s measured in all (after ${WARMUP_MS / 1000} s warm-up a round); closed loop`,
  ];
  const footer = [
    `Hive Gateway ${hiveVersion} (runtime, programmatic) on the same supergraph and subgraph processes; each subgraph fetch signed by`,
    'scripts/bench/hive-principal.ts as gateway/data-source.ts does (audience, single use, request id, operation, client), the caller',
    'authenticated per request by the same gateway/auth.ts authenticator from the same x-api-key; its in-flight deduplication of',
    "identical subgraph fetches is off (shared across callers it would hand one caller's answer to another and audit one read of many).",
    "The floor sends the requests the project's data source sent for the query, in the plan's order, each freshly signed, from",
    'the bench process (no gateway CPU). Audit entries/req: what the five trails gained in its cells per answered request.',
    'CPU ms/req: the process\'s user+system time within the windows per answered request; "subgraphs": the five subgraph processes.',
  ];
  console.log(markdown(header, reports, footer));
  await finish(0);
} catch (error) {
  console.error(`bench:compare failed: ${(error as Error).stack ?? error}`);
  await finish(1);
}
