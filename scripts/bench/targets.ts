/**
 * Everything bench:compare measures, each its own process on the one bench database: the five subgraphs
 * (`subgraphs/<name>/main.ts`), the project's gateway (`gateway/main.ts`) and Hive Gateway in front of them,
 * and the embedded platform (startSystem) beside them. The demo set is migrated and seeded first, once.
 */
import { EMBEDDED_NODE_FLAGS } from '../../platform/node-flags.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/registry.js';
import { freePort, nextMessage, startProcess, waitReady, type Service } from './processes.js';

export interface Targets {
  /** Each subgraph's /graphql URL. */
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Service[];
  gateway: { service: Service; url: string };
  hive: { service: Service; url: string };
  embedded: { service: Service; url: string };
  seeded: { records: number; organisations: number; persons: number } | null;
}

/** The environment every child gets: the bench database, the demo credentials, no production mode. */
export function childEnv(databaseUrl: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  // The bench asks with the demo keys: a key file of the caller's own would refuse them.
  for (const name of ['API_KEYS_FILE', 'API_KEYS', 'NODE_ENV', 'PGLITE_DIR', 'PGLITE_MEMORY', 'AUDIT_ANCHOR_DIR']) delete env[name];
  for (const name of SUBGRAPH_NAMES) delete env[`${name.toUpperCase()}_DATABASE_URL`];
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // Every bench request comes from 127.0.0.1: the portal's per-address budget would refuse the public load.
    // The limiter still runs and counts on every request, so its cost stays in the measurement.
    PORTAL_RATE_LIMIT: '1000000000',
    HOST: '127.0.0.1',
  };
}

export async function startTargets(databaseUrl: string, say: (line: string) => void): Promise<Targets> {
  const env = childEnv(databaseUrl);
  let started = Date.now();
  const seed = startProcess('seed', 'scripts/bench/embedded-main.ts', env, ['--seed']);
  const { seeded } = await nextMessage<{ seeded: Targets['seeded'] }>(seed);
  await seed.stop();
  say(`migrated and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (${seeded?.records ?? 0} records)`);

  started = Date.now();
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)));
  const [gatewayPort, hivePort] = [await freePort(), await freePort()];
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `${origin(ports[name]!)}/graphql`])) as Record<
    SubgraphName,
    string
  >;
  // Each process learns where every subgraph is (producers' feeds, the gateway's routes) and where the gateway is (reports).
  const routed: Record<string, string> = { GATEWAY_URL: `${origin(gatewayPort)}/graphql` };
  for (const name of SUBGRAPH_NAMES) routed[`${name.toUpperCase()}_URL`] = subgraphUrls[name];
  const subgraphs = SUBGRAPH_NAMES.map((name) =>
    startProcess(name, `subgraphs/${name}/main.ts`, { ...env, ...routed, [`${name.toUpperCase()}_PORT`]: String(ports[name]) }),
  );
  await Promise.all(subgraphs.map((service, i) => waitReady(service, `${origin(ports[SUBGRAPH_NAMES[i]!]!)}/health`)));
  const gateway = startProcess('gateway', 'gateway/main.ts', { ...env, ...routed, GATEWAY_PORT: String(gatewayPort) });
  const hive = startProcess('hive', 'scripts/bench/hive-main.ts', { ...env, ...routed, HIVE_PORT: String(hivePort) });
  await Promise.all([waitReady(gateway, `${origin(gatewayPort)}/health`), waitReady(hive, `${origin(hivePort)}/health`)]);
  say(`five subgraphs, the gateway and Hive Gateway ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  started = Date.now();
  // With the flags `npm start` gives it: the embedded mode as it is run.
  const embedded = startProcess('embedded', 'scripts/bench/embedded-main.ts', env, [], EMBEDDED_NODE_FLAGS);
  const { url: embeddedUrl, origin: embeddedOrigin } = await nextMessage<{ url: string; origin: string }>(embedded);
  await waitReady(embedded, `${embeddedOrigin}/health`);
  say(`embedded platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    subgraphUrls,
    subgraphs,
    gateway: { service: gateway, url: `${origin(gatewayPort)}/graphql` },
    hive: { service: hive, url: `${origin(hivePort)}/graphql` },
    embedded: { service: embedded, url: embeddedUrl },
    seeded,
  };
}
