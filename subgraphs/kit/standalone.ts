import { ConfigError, databaseUrlFor, hostFrom, loadSecrets, portFor } from './config.js';
import { checkPoolBudget, openPostgres, poolSize, statementTimeoutMs } from './db.js';
import { log } from './log.js';
import { serveBuiltSubgraph, startConsumers, startHousekeeping } from './runner.js';
import type { Subgraph, SubgraphDeps } from './subgraph.js';
import { shutdownGraceMs } from './http.js';
import { openLimitStore } from './rate-limit.js';
import { replayGuardFor } from './replay.js';
import { startTracing } from './tracing.js';

/** Runs one subgraph as its own process against PostgreSQL: migrate, then listen (subgraphs/registry.ts gives `port`). */
export async function runSubgraphAlone(name: string, entry: { port: number; create(deps: SubgraphDeps): unknown }): Promise<void> {
  const stopTracing = startTracing(name);
  const secrets = loadSecrets();
  for (const warning of secrets.warnings) log.warn(warning);
  const url = databaseUrlFor(name);
  if (!url)
    throw new ConfigError(
      `set DATABASE_URL (or ${name.toUpperCase()}_DATABASE_URL) to run the ${name} subgraph alone; the embedded PGlite runs only inside "npm start"`,
    );
  // The same pool a subgraph has in the platform's one process: DB_POOL_SIZE, checked before it is opened.
  const size = poolSize();
  const connection = await openPostgres(url, { maxConnections: size, statementTimeoutMs: statementTimeoutMs() });
  const gatewayUrl = process.env.GATEWAY_URL;
  const limits = openLimitStore();
  const db = connection.forSubgraph(name);
  await checkPoolBudget(db, 1, size);
  const subgraph = entry.create({ db, secrets, env: process.env, gatewayUrl: () => gatewayUrl!, limits }) as Subgraph<any, any>;
  // What the subgraph says it needs, and every producer it applies events from, is configured before anything starts.
  if (subgraph.needs.includes('gatewayUrl') && !gatewayUrl)
    throw new ConfigError(`set GATEWAY_URL (the gateway's /graphql URL): the ${name} subgraph composes its answers through it`);
  const producerUrls = Object.fromEntries(
    subgraph.consumes.map(({ producer }) => {
      const variable = `${producer.toUpperCase()}_URL`;
      const producerUrl = process.env[variable];
      if (!producerUrl) throw new ConfigError(`set ${variable} (the ${producer} subgraph's /graphql URL): ${name} applies its events`);
      return [producer, producerUrl];
    }),
  );
  await connection.migrate(name, subgraph.migrations);
  await subgraph.prepare();
  const service = await serveBuiltSubgraph(subgraph, {
    internalSecret: secrets.internalSecret,
    port: portFor(name, entry.port),
    host: hostFrom(),
    replays: replayGuardFor(limits),
  });
  const consumers = startConsumers([{ subgraph, db }], {
    feedOf: (producer) => ({ feedUrl: new URL('/events', producerUrls[producer]).toString() }),
    internalSecret: secrets.internalSecret,
  });
  const stopHousekeeping = startHousekeeping([subgraph]);
  const stop = async () => {
    stopHousekeeping();
    await service.close(shutdownGraceMs());
    for (const { instance } of consumers) await instance.stop();
    await subgraph.audit.close();
    await connection.close();
    await limits.close();
    await stopTracing();
    process.exit(0);
  };
  // Before the line that says it listens: a signal sent on reading it must find the graceful stop in place.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log.info({ url: service.url }, `${name} subgraph listening`);
}
