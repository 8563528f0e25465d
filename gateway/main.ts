/** The gateway alone, in front of subgraphs running as their own processes (SUBJECTS_URL, RECORDS_URL, ...). */
import { ConfigError, hostFrom, loadSecrets, portFor, runMain } from '../subgraphs/kit/config.js';
import { log } from '../subgraphs/kit/log.js';
import { shutdownGraceMs } from '../subgraphs/kit/http.js';
import { startTracing } from '../subgraphs/kit/tracing.js';
import { createAuthenticator, loadAuthConfig } from './auth.js';
import { loadPortalConfig } from './portal.js';
import { DEFAULT_GATEWAY_PORT, startGateway } from './server.js';
import { supergraphRoutes } from './supergraph.js';

await runMain(async () => {
  const stopTracing = startTracing('gateway');
  const serviceUrls: Record<string, string> = {};
  // Every subgraph the supergraph routes to may be placed elsewhere with <NAME>_URL.
  for (const name of Object.keys(supergraphRoutes())) {
    const variable = `${name.toUpperCase()}_URL`;
    const url = process.env[variable];
    if (url && !/^https?:\/\//.test(url))
      throw new ConfigError(`${variable} must be an http(s) URL of the ${name} subgraph's /graphql endpoint`);
    if (url) serviceUrls[name] = url;
  }
  const secrets = loadSecrets();
  const auth = loadAuthConfig();
  for (const warning of [...secrets.warnings, ...auth.warnings]) log.warn(warning);
  const gateway = await startGateway({
    serviceUrls,
    internalSecret: secrets.internalSecret,
    authenticate: createAuthenticator(auth),
    watchSupergraph: process.env.NODE_ENV !== 'production',
    portal: loadPortalConfig(),
    port: portFor('gateway', DEFAULT_GATEWAY_PORT),
    host: hostFrom(),
  });
  log.info({ url: gateway.url, subgraphs: serviceUrls }, 'gateway listening (subgraphs without a *_URL use the supergraph defaults)');
  const stop = async () => {
    await gateway.close(shutdownGraceMs());
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
