/**
 * The platform as separate services on one bench database, without bench:compare's contenders: the demo set
 * migrated and seeded once (`seedDemoSet`), then the five subgraphs each as its own process and the project's
 * gateway in front of them (`startServices`), stopped and started again around whatever the caller does to
 * the database in between (bench:growth grows it).
 */
import { SUBGRAPH_NAMES } from '../../subgraphs/registry.js';
import { cpuMs, freePort, nextMessage, startProcess, waitReady, type Service } from './processes.js';
import { childEnv, type Targets } from './targets.js';

export type Seeded = NonNullable<Targets['seeded']>;

/** Migrates the five schemas and seeds the demo set through the doors (scripts/bench/embedded-main.ts --seed). */
export async function seedDemoSet(databaseUrl: string): Promise<Seeded> {
  const seed = startProcess('seed', 'scripts/bench/embedded-main.ts', childEnv(databaseUrl), ['--seed']);
  const { seeded } = await nextMessage<{ seeded: Targets['seeded'] }>(seed);
  await seed.stop();
  if (!seeded) throw new Error('the seed process migrated but seeded nothing (was the database not empty?)');
  return seeded;
}

export interface Services {
  /** The gateway's /graphql URL. */
  url: string;
  subgraphs: Service[];
  gateway: Service;
  /** CPU time the five subgraph processes and the gateway have used so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** The five subgraphs (`subgraphs/<name>/main.ts`) and the gateway (`gateway/main.ts`), each its own process, ready. */
export async function startServices(databaseUrl: string): Promise<Services> {
  const env = childEnv(databaseUrl);
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)));
  const gatewayPort = await freePort();
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  // Each process learns where every subgraph is (producers' feeds, the gateway's routes) and where the gateway is (reports).
  const routed: Record<string, string> = { GATEWAY_URL: `${origin(gatewayPort)}/graphql` };
  for (const name of SUBGRAPH_NAMES) routed[`${name.toUpperCase()}_URL`] = `${origin(ports[name]!)}/graphql`;
  const subgraphs = SUBGRAPH_NAMES.map((name) =>
    startProcess(name, `subgraphs/${name}/main.ts`, { ...env, ...routed, [`${name.toUpperCase()}_PORT`]: String(ports[name]) }),
  );
  const gateway = startProcess('gateway', 'gateway/main.ts', { ...env, ...routed, GATEWAY_PORT: String(gatewayPort) });
  const all = [...subgraphs, gateway];
  try {
    await Promise.all(subgraphs.map((service, i) => waitReady(service, `${origin(ports[SUBGRAPH_NAMES[i]!]!)}/health`)));
    await waitReady(gateway, `${origin(gatewayPort)}/health`);
  } catch (error) {
    await Promise.all(all.map((service) => service.stop()));
    throw error;
  }
  return {
    url: `${origin(gatewayPort)}/graphql`,
    subgraphs,
    gateway,
    cpuMs: () => all.reduce((sum, service) => sum + cpuMs(service.pid), 0),
    stop: async () => {
      await Promise.all(all.map((service) => service.stop()));
    },
  };
}
