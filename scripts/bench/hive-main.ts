/** Hive Gateway as its own process for bench:compare: HIVE_PORT, and <NAME>_URL for every subgraph. */
import { readFileSync } from 'node:fs';
import { createAuthenticator, loadAuthConfig } from '../../gateway/auth.js';
import { SUPERGRAPH_FILE, supergraphRoutes } from '../../gateway/supergraph.js';
import { hostFrom, loadSecrets } from '../../subgraphs/kit/config.js';
import { startHiveGateway } from './hive.js';

const sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
const serviceUrls = Object.fromEntries(Object.keys(supergraphRoutes(sdl)).map((name) => [name, process.env[`${name.toUpperCase()}_URL`]!]));
const hive = await startHiveGateway({
  supergraphSdl: sdl,
  serviceUrls,
  internalSecret: loadSecrets().internalSecret,
  authenticate: createAuthenticator(loadAuthConfig()),
  port: Number(process.env.HIVE_PORT ?? 0),
  host: hostFrom(),
});
console.log(`hive gateway listening at ${hive.url}`);
const stop = async () => {
  await hive.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
