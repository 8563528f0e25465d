import { fileURLToPath } from 'node:url';
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
import { blankTemplate, isFreshFolder } from './pglite-template.js';
import { seedDemo, type SeedSummary } from './seed/index.js';
import { inProcessDoors } from './seed/doors.js';

export { drainConsumers };

export const DEFAULT_PGLITE_DIR = fileURLToPath(new URL('../.data/pglite', import.meta.url));

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
  /** Graceful with `graceMs`: the gateway stops taking requests and finishes those in flight, then consumers finish their page. */
  close(graceMs?: number): Promise<void>;
}

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
          // An empty folder starts from the blank template instead of running initdb (pglite-template.ts).
          const start = image ?? (dir === undefined || isFreshFolder(dir) ? blankTemplate() : undefined);
          all.push((embedded = await openPglite(dir, start)));
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

/** The whole platform in one process: the subgraphs and the gateway, migrated and optionally seeded. */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const env = options.env ?? process.env;
  const secrets = loadSecrets(env);
  const auth = loadAuthConfig(env);
  const operationLimits = loadOperationLimits(env);
  const requestLimits = loadRequestLimits(env);
  const subgraphCalls = options.subgraphCalls ?? subgraphCallsFrom(env);
  const connections = await openConnections(env, options.pglite ?? env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR, options.pgliteImage);
  // One store of rate-limit counts for every service of this process (Redis when REDIS_URL is set).
  const limitStore = openLimitStore(env);
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
    for (const { name, subgraph } of each) {
      await connections[name].migrate(name, subgraph.migrations);
      await subgraph.prepare();
    }

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
    // Started once seeding is done; the seed and tests drive them with pollOnce before that.
    const consuming = startConsumers(each, {
      feedOf: (producer) => ({ feedUrl: `${services[producer as SubgraphName].origin}/events` }),
      internalSecret: secrets.internalSecret,
      manual: true,
    }).map(({ consumer, instance }) => ({ consumer: consumer as SubgraphName, instance, drain: () => drainConsumers([instance]) }));
    const consumers = consuming.map((c) => c.instance);

    // The demo enters through the doors users call, while the subgraphs listen and the consumers read the events.
    let seeded: SeedSummary | null = null;
    if (options.seed && (await subgraphs.subjects.data.isEmpty())) {
      seeded = await seedDemo(inProcessDoors(subgraphs, consuming), {
        today: options.seedToday,
        personIdFor: (idNumber) => personSubjectId(idNumber, secrets.pseudonymKey),
      });
      // Complete only once every subgraph has read the others' events.
      await drainConsumers(consumers);
    }
    if (!options.manualConsumers) for (const consumer of consumers) consumer.start(options.consumerIntervalMs ?? 300);
    // Tests drive time-based work themselves, like the consumers.
    const stopHousekeeping = options.manualConsumers ? () => {} : startHousekeeping(each.map(({ subgraph }) => subgraph));
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
