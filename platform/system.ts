import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';
import { ConfigError, databaseUrlFor, hostFrom, loadSecrets, portFor, type Env, type Secrets } from '../subgraphs/kit/config.js';
import {
  checkPoolBudget,
  openPglite,
  openPostgres,
  poolSize,
  statementTimeoutMs,
  type Connection,
  type Db,
  type QueryObserver,
} from '../subgraphs/kit/db.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import type { ServedSubgraph } from '../subgraphs/kit/in-process.js';
import { drainConsumers, serveBuiltSubgraph, startConsumers, startHousekeeping } from '../subgraphs/kit/runner.js';
import type { Consumer } from '../subgraphs/kit/events.js';
import type { Subgraph } from '../subgraphs/kit/subgraph.js';
import { buildSubgraphs, SUBGRAPH_NAMES, SUBGRAPHS, type BuiltSubgraphs, type SubgraphName } from '../subgraphs/registry.js';
import { personSubjectId } from '../subgraphs/kit/personal-data.js';
import { loadOperationLimits } from '../subgraphs/kit/operation-limits.js';
import { openLimitStore } from '../subgraphs/kit/rate-limit.js';
import { replayGuardFor } from '../subgraphs/kit/replay.js';
import { createAuthenticator, loadAuthConfig, type AuthConfig } from '../gateway/auth.js';
import { loadRequestLimits } from '../gateway/limits.js';
import { loadPortalConfig } from '../gateway/portal.js';
import { DEFAULT_GATEWAY_PORT, startGateway } from '../gateway/server.js';
import {
  ensureTemplate,
  isFreshFolder,
  prepareFolder,
  prepareFolderFrom,
  sameFolder,
  SUBGRAPH_MIGRATIONS,
  templateImage,
  type FolderTemplate,
} from './pglite-template.js';
import { log } from '../subgraphs/kit/log.js';
import type { SeedSummary } from './seed/index.js';

export { drainConsumers };

export const DEFAULT_PGLITE_DIR = join(PROJECT_ROOT, '.data/pglite');

export interface SystemOptions {
  env?: Env;
  /** PGlite folder when no DATABASE_URL is set; 'memory' keeps everything in memory. */
  pglite?: string | 'memory';
  /** In memory, start from this PGlite data folder image (tests restore a seeded platform from one). */
  pgliteImage?: Blob;
  /** Seed the demo data set when the subjects table is empty. */
  seed?: boolean;
  /** Fixed "today" for the demo set (tests). */
  seedToday?: string;
  /**
   * An empty PGlite folder to be seeded starts as a copy of the seeded template of the same inputs
   * (seeded-template.ts), made by one seed when missing; default on. Off, the demo is seeded in the folder itself.
   */
  seedTemplate?: boolean;
  /** Where the seeded template is kept; default node_modules/.cache/xinyong-taicang (tests keep their own). */
  templateCache?: string;
  /** Port 0 everywhere picks free ports (tests). */
  anyPorts?: boolean;
  observer?: QueryObserver;
  watchSupergraph?: boolean;
  /** Tests drive the event consumers themselves (pollOnce) instead of the background loop. */
  manualConsumers?: boolean;
  consumerIntervalMs?: number;
  /** How the gateway calls its own subgraphs; default SUBGRAPH_CALLS, else in process. */
  subgraphCalls?: SubgraphCalls;
}

/**
 * In process (the default): the gateway hands each subgraph fetch to the subgraph beside it, signed and checked
 * as over HTTP, without a socket or JSON. `http` calls their ports, as separate services are called (to compare).
 */
export type SubgraphCalls = 'in-process' | 'http';

export function subgraphCallsFrom(env: Env): SubgraphCalls {
  const raw = env.SUBGRAPH_CALLS;
  if (raw === undefined || raw === '') return 'in-process';
  if (raw === 'in-process' || raw === 'http') return raw;
  throw new ConfigError(`SUBGRAPH_CALLS must be "in-process" or "http", got "${raw}"`);
}

export interface RunningSystem {
  gateway: RunningService;
  /** Each subgraph over HTTP, and its in-process entry (`inProcess`). */
  services: Record<SubgraphName, ServedSubgraph>;
  subgraphCalls: SubgraphCalls;
  subgraphs: BuiltSubgraphs;
  /** Each subgraph's database handle (tests and tools; services never share them). */
  db: Record<SubgraphName, Db>;
  secrets: Secrets;
  auth: AuthConfig;
  databaseKind: 'pglite' | 'postgres';
  /** The event consumers running in this process. */
  consumers: Consumer[];
  seeded: SeedSummary | null;
  /** How long each phase of the start took (STARTUP_PHASES). */
  phases: StartupPhases;
  /** Graceful with `graceMs`: the gateway stops taking requests and finishes those in flight, then consumers finish their page. */
  close(graceMs?: number): Promise<void>;
}

/** The phases of a start in the order they run, each as wall and CPU milliseconds (bench:startup prints them). */
export const STARTUP_PHASES = [
  /** The database opened (PGlite: an empty folder made a copy of the migrated template, PostgreSQL started on it). */
  'open',
  /** The subgraphs' code loaded and built. */
  'build',
  /** Their migrations checked (and applied where missing), and their prepare(). */
  'migrate',
  /** The subgraphs listening, their consumers set up. */
  'serve',
  /** The demo set through the doors, and every consumer having read it; nothing when not seeded. */
  'seed',
  /** The gateway composed and listening. */
  'gateway',
] as const;
export type StartupPhases = Record<(typeof STARTUP_PHASES)[number], { wallMs: number; cpuMs: number }>;

/**
 * A PostgreSQL pool per subgraph, even when they share a URL (DB_POOL_SIZE each, checked against the server's
 * max_connections); without any URL, one PGlite shared by all the schemas — PGlite is a single connection
 * by nature, and two instances cannot open one data folder.
 */
async function openConnections(
  env: Env,
  pglite: string | undefined,
  image?: Blob,
): Promise<Record<SubgraphName, Connection> & { all: Connection[] }> {
  const size = poolSize(env);
  const timeout = statementTimeoutMs(env);
  const all: Connection[] = [];
  const result = {} as Record<SubgraphName, Connection>;
  const poolsByServer = new Map<string, { count: number; first: Connection; name: SubgraphName }>();
  let embedded: Connection | undefined;
  try {
    for (const name of SUBGRAPH_NAMES) {
      const url = databaseUrlFor(name, env);
      if (!url) {
        if (!embedded) {
          const dir = pglite === 'memory' ? undefined : pglite;
          all.push((embedded = await openPglite(dir, await fromMigratedTemplate(dir, image))));
        }
        result[name] = embedded;
        continue;
      }
      const connection = await openPostgres(url, { maxConnections: size, statementTimeoutMs: timeout });
      all.push(connection);
      result[name] = connection;
      const server = new URL(url).host;
      const pools = poolsByServer.get(server) ?? { count: 0, first: connection, name };
      poolsByServer.set(server, { ...pools, count: pools.count + 1 });
    }
    for (const { count, first, name } of poolsByServer.values()) await checkPoolBudget(first.forSubgraph(name), count, size);
  } catch (error) {
    for (const connection of all) await connection.close().catch(() => {});
    throw error;
  }
  return { ...result, all };
}

/**
 * An empty folder, or a database in memory, starts as the migrated template (pglite-template.ts) instead of
 * running initdb and every migration; a folder that holds a database opens as it is. Without a template (one
 * cannot be built, e.g. node_modules is read-only) PGlite runs initdb and the migrator applies everything.
 */
async function fromMigratedTemplate(dir: string | undefined, image?: Blob): Promise<Blob | undefined> {
  if (image) return image;
  try {
    if (dir === undefined) return await templateImage();
    await prepareFolder(dir);
  } catch (error) {
    log.warn({ err: error }, 'PGlite template not available: this start runs initdb and every migration');
  }
  return undefined;
}

/**
 * Seeding an empty PGlite folder: the folder becomes a copy of the seeded template for these inputs, made first
 * (by a start that seeds a folder of its own and stops) when the cache has none. Answers the seed's summary when
 * the folder is such a copy; undefined leaves it to the start (a folder in use, PostgreSQL, no template).
 */
async function seededCopy(options: SystemOptions, env: Env, secrets: Secrets, pglite: string): Promise<SeedSummary | undefined> {
  if (!options.seed || options.seedTemplate === false || pglite === 'memory' || !isFreshFolder(pglite)) return undefined;
  if (SUBGRAPH_NAMES.some((name) => databaseUrlFor(name, env))) return undefined;
  try {
    return (await prepareFolderFrom(pglite, await seededTemplateFor(options, env, secrets)))?.made as SeedSummary | undefined;
  } catch (error) {
    log.warn({ err: error }, 'seeded demo template not available: this start seeds the folder itself');
    return undefined;
  }
}

async function seededTemplateFor(options: SystemOptions, env: Env, secrets: Secrets): Promise<FolderTemplate> {
  const [{ seededTemplate }, { demoToday }] = await Promise.all([import('./seeded-template.js'), import('./seed/today.js')]);
  return seededTemplate({ today: options.seedToday ?? demoToday(), secrets, env, cacheDir: options.templateCache }, async (data) => {
    const seeding = await startSystem({
      ...options,
      pglite: data,
      seed: true,
      seedTemplate: false,
      anyPorts: true,
      manualConsumers: true,
      watchSupergraph: false,
    });
    await seeding.close();
    if (!seeding.seeded) throw new Error('the seeded template was made in a folder that held data');
    return seeding.seeded;
  });
}

/** Makes the seeded template a start with these options would copy (postinstall), unless it is there; its folder. */
export async function buildSeededTemplate(options: Pick<SystemOptions, 'env' | 'seedToday' | 'templateCache'> = {}): Promise<string> {
  const env = options.env ?? process.env;
  return ensureTemplate(await seededTemplateFor(options, env, loadSecrets(env)));
}

/** The whole platform in one process: the subgraphs and the gateway, migrated and optionally seeded. */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const env = options.env ?? process.env;
  const secrets = loadSecrets(env);
  const auth = loadAuthConfig(env);
  const operationLimits = loadOperationLimits(env);
  const requestLimits = loadRequestLimits(env);
  const subgraphCalls = options.subgraphCalls ?? subgraphCallsFrom(env);
  const phases = Object.fromEntries(STARTUP_PHASES.map((phase) => [phase, { wallMs: 0, cpuMs: 0 }])) as StartupPhases;
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let mark = { wall: performance.now(), cpu: cpuNow() };
  const timed = (phase: keyof StartupPhases) => {
    const now = { wall: performance.now(), cpu: cpuNow() };
    phases[phase] = { wallMs: now.wall - mark.wall, cpuMs: now.cpu - mark.cpu };
    mark = now;
  };
  // The subgraphs' code loads while the database opens (PGlite reads and compiles its WebAssembly meanwhile);
  // buildSubgraphs then finds it loaded. A module that fails to load fails the start there, not here.
  const loading = Promise.all(SUBGRAPH_NAMES.map((name) => SUBGRAPHS[name].load())).catch(() => {});
  const pglite = options.pglite ?? env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR;
  const copiedSeed = await seededCopy(options, env, secrets, pglite);
  const connections = await openConnections(env, pglite, options.pgliteImage);
  await loading;
  // One store of rate-limit counts for every service of this process (Redis when REDIS_URL is set).
  const limitStore = openLimitStore(env);
  timed('open');
  const started: RunningService[] = [];
  try {
    const db = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, connections[name].forSubgraph(name, options.observer)])) as Record<
      SubgraphName,
      Db
    >;
    // Reports compose through the gateway, which listens last: its URL is read when a report is asked for.
    let gatewayUrl: string | undefined;
    const gatewayUrlNow = () => {
      if (!gatewayUrl) throw new Error('the gateway is not listening yet');
      return gatewayUrl;
    };
    const subgraphs = await buildSubgraphs((name) => ({ db: db[name], secrets, env, gatewayUrl: gatewayUrlNow, limits: limitStore }));
    const each = SUBGRAPH_NAMES.map((name) => ({ name, subgraph: subgraphs[name] as Subgraph<any, any>, db: db[name] }));
    timed('build');
    // PGlite's template was migrated from the folders pglite-template.ts names; a subgraph migrating from another
    // folder would find its schema made from files it does not have.
    if (connections.all.some((connection) => connection.kind === 'pglite'))
      for (const { name, subgraph } of each) {
        const templated = SUBGRAPH_MIGRATIONS.find((m) => m.subgraph === name);
        if (!templated || !sameFolder(templated.folder, subgraph.migrations))
          throw new Error(
            `the PGlite template migrates ${name} from ${templated?.folder.href ?? 'nowhere'}, its server from ${subgraph.migrations.href}: name the same folder in platform/pglite-template.ts`,
          );
      }
    // Always run: on a template copy the migrator finds its migrations applied and applies any the copy lacks.
    for (const { name, subgraph } of each) {
      await connections[name].migrate(name, subgraph.migrations);
      await subgraph.prepare();
    }
    // A seed anchors its trails' heads as it stops (audit.ts close); its copy has no anchors beside it yet.
    if (copiedSeed) for (const { subgraph } of each) await subgraph.audit.anchor();
    timed('migrate');

    const host = hostFrom(env);
    const services = {} as Record<SubgraphName, ServedSubgraph>;
    for (const { name, subgraph } of each) {
      services[name] = await serveBuiltSubgraph(subgraph, {
        internalSecret: secrets.internalSecret,
        port: options.anyPorts ? 0 : portFor(name, SUBGRAPHS[name].port, env),
        host,
        replays: replayGuardFor(limitStore),
      });
      started.push(services[name]);
    }
    // Started once seeding is done; the seed and tests drive them with pollOnce before that. In process, a consumer
    // reads its producer's log as the producer's /events would serve it (readFeed), without a socket or JSON.
    const feedOf = (producer: string) => {
      const feed = subgraphs[producer as SubgraphName].feed;
      return subgraphCalls === 'in-process' && feed ? { source: feed } : { feedUrl: `${services[producer as SubgraphName].origin}/events` };
    };
    const consuming = startConsumers(each, {
      feedOf,
      internalSecret: secrets.internalSecret,
      manual: true,
    });
    // startConsumers gives one consumer per consumption, in the order the subgraphs declare them.
    const producers = each.flatMap(({ subgraph }) => subgraph.consumes.map((c) => c.producer as SubgraphName));
    if (producers.length !== consuming.length) throw new Error('startSystem: a consumer per consumption was expected');
    const seedConsumers = consuming.map(({ consumer, instance }, i) => ({
      consumer: consumer as SubgraphName,
      producer: producers[i],
      instance,
      // The feed is read in process: a page that fails is the seed's failure, not a network's to retry.
      drain: () => instance.pollOnce(),
    }));
    const consumers = seedConsumers.map((c) => c.instance);
    timed('serve');

    // The demo enters through the doors users call, while the subgraphs listen and the consumers read the events.
    let seeded: SeedSummary | null = copiedSeed ?? null;
    if (options.seed && !copiedSeed && (await subgraphs.subjects.data.isEmpty())) {
      // The demo's generators (faker and its locales) load only when there is something to seed.
      const [{ seedDemo }, { inProcessDoors }] = await Promise.all([import('./seed/index.js'), import('./seed/doors.js')]);
      seeded = await seedDemo(inProcessDoors(subgraphs, seedConsumers), {
        today: options.seedToday,
        personIdFor: (idNumber) => personSubjectId(idNumber, secrets.pseudonymKey),
      });
      // Complete only once every subgraph has read the others' events.
      await drainConsumers(consumers);
    }
    timed('seed');
    const gateway = await startGateway({
      serviceUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, services[name].url])),
      inProcess:
        subgraphCalls === 'in-process' ? Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, services[name].inProcess])) : undefined,
      internalSecret: secrets.internalSecret,
      authenticate: createAuthenticator(auth),
      watchSupergraph: options.watchSupergraph ?? false,
      portal: loadPortalConfig(env),
      limits: operationLimits,
      requestLimits,
      limitStore,
      production: env.NODE_ENV === 'production',
      port: options.anyPorts ? 0 : portFor('gateway', DEFAULT_GATEWAY_PORT, env),
      host,
    });
    started.push(gateway);
    gatewayUrl = gateway.url;
    timed('gateway');
    // Once the gateway listens: their first rounds (a sweep of every table at start) would otherwise compete with
    // its start for the one thread and the one PGlite connection. Tests drive them themselves.
    if (!options.manualConsumers) for (const consumer of consumers) consumer.start(options.consumerIntervalMs ?? 300);
    const stopHousekeeping = options.manualConsumers ? () => {} : startHousekeeping(each.map(({ subgraph }) => subgraph));
    return {
      gateway,
      services,
      subgraphCalls,
      subgraphs,
      db,
      secrets,
      auth,
      databaseKind: connections.subjects.kind,
      seeded,
      phases,
      consumers,
      close: async (graceMs = 0) => {
        stopHousekeeping();
        // The gateway first: requests in flight finish against subgraphs that are still up.
        await gateway.close(graceMs);
        for (const consumer of consumers) await consumer.stop();
        for (const service of started.reverse()) if (service !== gateway) await service.close(graceMs);
        // The last entries' head is anchored before the database goes.
        for (const { subgraph } of each) await subgraph.audit.close();
        for (const connection of connections.all) await connection.close();
        await limitStore.close();
      },
    };
  } catch (error) {
    for (const service of started.reverse()) await service.close().catch(() => {});
    for (const connection of connections.all) await connection.close().catch(() => {});
    await limitStore.close();
    throw error;
  }
}
