import { fileURLToPath } from 'node:url';
import {
  databaseUrlFor,
  hostFrom,
  loadSecrets,
  portFor,
  SUBGRAPH_NAMES,
  type Env,
  type Secrets,
  type SubgraphName,
} from '../subgraphs/kit/config.js';
import { openPglite, openPostgres, statementTimeoutMs, type Connection, type Db, type QueryObserver } from '../subgraphs/kit/db.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import { serveSubgraph } from '../subgraphs/kit/service.js';
import { consumerOf, startHousekeeping, type Subgraph } from '../subgraphs/kit/subgraph.js';
import type { Consumer } from '../subgraphs/kit/events.js';
import { SUBGRAPH_FACTORIES } from '../subgraphs/registry.js';
import type { IncentivesData } from '../subgraphs/incentives/data.js';
import type { RecordsDeps } from '../subgraphs/records/intake-resolvers.js';
import type { RepairsData } from '../subgraphs/repairs/data.js';
import type { SubjectsData } from '../subgraphs/subjects/data.js';
import type { ReportsDeps } from '../subgraphs/reports/resolvers.js';
import { createAuthenticator, loadAuthConfig, type AuthConfig } from './auth.js';
import { seedDemo, type SeedSummary } from './seed/index.js';
import { inProcessDoors } from './seed/doors.js';
import { personSubjectId } from '../subgraphs/kit/personal-data.js';
import { loadOperationLimits } from '../subgraphs/kit/operation-limits.js';
import { openLimitStore } from '../subgraphs/kit/rate-limit.js';
import { replayGuardFor } from '../subgraphs/kit/replay.js';
import { loadRequestLimits } from './limits.js';
import { loadPortalConfig } from './portal.js';
import { startGateway } from './server.js';

export const DEFAULT_PGLITE_DIR = fileURLToPath(new URL('../.data/pglite', import.meta.url));

export interface SystemOptions {
  env?: Env;
  /** PGlite folder when no DATABASE_URL is set; 'memory' keeps everything in memory. */
  pglite?: string | 'memory';
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
}

export interface RunningSystem {
  gateway: RunningService;
  services: Record<SubgraphName, RunningService>;
  subgraphs: {
    subjects: Subgraph<SubjectsData>;
    records: Subgraph<RecordsDeps>;
    repairs: Subgraph<RepairsData>;
    incentives: Subgraph<IncentivesData>;
    reports: Subgraph<ReportsDeps>;
  };
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

/** One connection per distinct database URL; without any URL, one PGlite shared by all the schemas. */
async function openConnections(env: Env, pglite: string | undefined): Promise<Record<SubgraphName, Connection> & { all: Connection[] }> {
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, databaseUrlFor(name, env)])) as Record<
    SubgraphName,
    string | undefined
  >;
  const byUrl = new Map<string, Connection>();
  let embedded: Connection | undefined;
  const pick = async (url: string | undefined): Promise<Connection> => {
    if (!url) return (embedded ??= await openPglite(pglite === 'memory' ? undefined : pglite));
    if (!byUrl.has(url)) byUrl.set(url, await openPostgres(url, { statementTimeoutMs: statementTimeoutMs(env) }));
    return byUrl.get(url)!;
  };
  const result = {} as Record<SubgraphName, Connection>;
  for (const name of SUBGRAPH_NAMES) result[name] = await pick(urls[name]);
  return { ...result, all: [...byUrl.values(), ...(embedded ? [embedded] : [])] };
}

/**
 * Polls every consumer until none finds anything new: consequences can cascade (a repair changes a record,
 * the record a list). A page that fails (a feed unreachable for a moment) is polled again with backoff:
 * pages are applied with their cursor in one transaction, so a retry never applies anything twice.
 */
export async function drainConsumers(consumers: Consumer[], attempts = 5): Promise<void> {
  const poll = async (consumer: Consumer): Promise<number> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await consumer.pollOnce();
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  };
  for (let round = 0; round < 10; round++) {
    let applied = 0;
    for (const consumer of consumers) applied += await poll(consumer);
    if (applied === 0) return;
  }
}

/** The whole platform in one process: the subgraphs and the gateway, migrated and optionally seeded. */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const env = options.env ?? process.env;
  const secrets = loadSecrets(env);
  const auth = loadAuthConfig(env);
  const operationLimits = loadOperationLimits(env);
  const requestLimits = loadRequestLimits(env);
  const connections = await openConnections(env, options.pglite ?? env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
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
    const subgraphs = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [
        name,
        SUBGRAPH_FACTORIES[name]({ db: db[name], secrets, env, gatewayUrl: gatewayUrlNow, limits: limitStore }),
      ]),
    ) as RunningSystem['subgraphs'];
    for (const name of SUBGRAPH_NAMES) {
      await connections[name].migrate(name, subgraphs[name].migrations);
      await subgraphs[name].prepare();
    }

    const host = hostFrom(env);
    const services = {} as Record<SubgraphName, RunningService>;
    for (const name of SUBGRAPH_NAMES) {
      const subgraph = subgraphs[name] as Subgraph;
      services[name] = await serveSubgraph({
        name,
        server: subgraph.server,
        createContext: subgraph.createContext,
        internalSecret: secrets.internalSecret,
        port: options.anyPorts ? 0 : portFor(name, env),
        host,
        healthCheck: subgraph.healthCheck,
        feed: subgraph.feed,
        routes: subgraph.routes,
        replays: replayGuardFor(limitStore),
        status: subgraph.status,
      });
      started.push(services[name]);
    }
    const consuming = SUBGRAPH_NAMES.flatMap((name) =>
      (subgraphs[name] as Subgraph).consumes.map((consumption) => {
        const consumer = consumerOf(name, consumption, {
          feedUrl: `${services[consumption.producer].origin}/events`,
          internalSecret: secrets.internalSecret,
          db: db[name],
        });
        return { consumer: name, instance: consumer, drain: () => drainConsumers([consumer]) };
      }),
    );
    const consumers = consuming.map((c) => c.instance);

    // The demo enters through the doors users call, while the subgraphs listen and the consumers read the events.
    let seeded: SeedSummary | null = null;
    if (options.seed && (await subgraphs.subjects.data.isEmpty())) {
      seeded = await seedDemo(inProcessDoors(subgraphs as unknown as Record<SubgraphName, Subgraph>, consuming), {
        today: options.seedToday,
        personIdFor: (idNumber) => personSubjectId(idNumber, secrets.pseudonymKey),
      });
      // Complete only once every subgraph has read the others' events.
      await drainConsumers(consumers);
    }
    if (!options.manualConsumers) for (const consumer of consumers) consumer.start(options.consumerIntervalMs ?? 300);
    // Tests drive time-based work themselves, like the consumers.
    const stopHousekeeping = options.manualConsumers ? () => {} : startHousekeeping(Object.values(subgraphs) as Subgraph[]);
    const gateway = await startGateway({
      serviceUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, services[name].url])),
      internalSecret: secrets.internalSecret,
      authenticate: createAuthenticator(auth),
      watchSupergraph: options.watchSupergraph ?? false,
      portal: loadPortalConfig(env),
      limits: operationLimits,
      requestLimits,
      limitStore,
      production: env.NODE_ENV === 'production',
      port: options.anyPorts ? 0 : portFor('gateway', env),
      host,
    });
    started.push(gateway);
    gatewayUrl = gateway.url;
    return {
      gateway,
      services,
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
        for (const name of SUBGRAPH_NAMES) await subgraphs[name].audit.close();
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
