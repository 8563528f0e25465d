import { ConfigError, databaseUrlFor, hostFrom, loadSecrets, portFor, type SubgraphName } from './config.js';
import { openPostgres } from './db.js';
import { log } from './log.js';
import type { SubgraphFactory } from './subgraph.js';
import { serveSubgraph } from './service.js';

/** Runs one subgraph as its own process against PostgreSQL: migrate, then listen. */
export async function runSubgraphAlone(name: SubgraphName, factory: SubgraphFactory): Promise<void> {
  const secrets = loadSecrets();
  for (const warning of secrets.warnings) log.warn(warning);
  const url = databaseUrlFor(name);
  if (!url) throw new ConfigError(`set DATABASE_URL (or ${name.toUpperCase()}_DATABASE_URL) to run the ${name} subgraph alone; the embedded PGlite runs only inside "npm start"`);
  const connection = await openPostgres(url);
  const subgraph = factory({ db: connection.forSubgraph(name), secrets });
  await connection.migrate(name, subgraph.migrations);
  const service = await serveSubgraph({
    name,
    server: subgraph.server,
    createContext: subgraph.createContext,
    internalSecret: secrets.internalSecret,
    port: portFor(name),
    host: hostFrom(),
    healthCheck: subgraph.healthCheck,
  });
  log.info({ url: service.url }, `${name} subgraph listening`);
  const stop = async () => {
    await service.close();
    await connection.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
