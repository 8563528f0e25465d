import { ConfigError, databaseUrlFor, hostFrom, loadSecrets, portFor, type SubgraphName } from './config.js';
import { openPostgres, statementTimeoutMs } from './db.js';
import { log } from './log.js';
import { consumerOf, startHousekeeping, type SubgraphFactory } from './subgraph.js';
import { serveSubgraph } from './service.js';
import { shutdownGraceMs } from './http.js';
import { openLimitStore } from './rate-limit.js';
import { replayGuardFor } from './replay.js';

/** Runs one subgraph as its own process against PostgreSQL: migrate, then listen. */
export async function runSubgraphAlone(name: SubgraphName, factory: SubgraphFactory): Promise<void> {
  const secrets = loadSecrets();
  for (const warning of secrets.warnings) log.warn(warning);
  const url = databaseUrlFor(name);
  if (!url)
    throw new ConfigError(
      `set DATABASE_URL (or ${name.toUpperCase()}_DATABASE_URL) to run the ${name} subgraph alone; the embedded PGlite runs only inside "npm start"`,
    );
  const connection = await openPostgres(url, { statementTimeoutMs: statementTimeoutMs() });
  const gatewayUrl = process.env.GATEWAY_URL;
  if (name === 'reports' && !gatewayUrl)
    throw new ConfigError("set GATEWAY_URL (the gateway's /graphql URL): reports are composed through it");
  const limits = openLimitStore();
  const subgraph = factory({ db: connection.forSubgraph(name), secrets, env: process.env, gatewayUrl: () => gatewayUrl!, limits });
  // Every producer this subgraph applies events from must be configured before anything starts.
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
  const service = await serveSubgraph({
    name,
    server: subgraph.server,
    createContext: subgraph.createContext,
    internalSecret: secrets.internalSecret,
    port: portFor(name),
    host: hostFrom(),
    healthCheck: subgraph.healthCheck,
    feed: subgraph.feed,
    routes: subgraph.routes,
    replays: replayGuardFor(limits),
    status: subgraph.status,
  });
  log.info({ url: service.url }, `${name} subgraph listening`);
  const consumers = subgraph.consumes.map((consumption) =>
    consumerOf(name, consumption, {
      feedUrl: new URL('/events', producerUrls[consumption.producer]).toString(),
      internalSecret: secrets.internalSecret,
      db: connection.forSubgraph(name),
    }),
  );
  for (const consumer of consumers) consumer.start(500);
  const stopHousekeeping = startHousekeeping([subgraph]);
  const stop = async () => {
    stopHousekeeping();
    await service.close(shutdownGraceMs());
    for (const consumer of consumers) await consumer.stop();
    await subgraph.audit.close();
    await connection.close();
    await limits.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
