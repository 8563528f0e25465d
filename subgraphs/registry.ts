import type { SubgraphDeps } from './kit/subgraph.js';

/**
 * The platform's subgraphs: a name, the port it listens on by default, and how to build it. A sixth subgraph
 * costs its folder, a line here and a port. Builders load on first use, so reading the list (composition,
 * the gateway's routing defaults) loads no subgraph's code.
 */
export const SUBGRAPHS = {
  subjects: { port: 4001, load: async () => (await import('./subjects/server.js')).createSubjectsSubgraph },
  records: { port: 4002, load: async () => (await import('./records/server.js')).createRecordsSubgraph },
  repairs: { port: 4003, load: async () => (await import('./repairs/server.js')).createRepairsSubgraph },
  incentives: { port: 4004, load: async () => (await import('./incentives/server.js')).createIncentivesSubgraph },
  reports: { port: 4005, load: async () => (await import('./reports/server.js')).createReportsSubgraph },
} satisfies Record<string, RegisteredSubgraph>;

export interface RegisteredSubgraph {
  port: number;
  load(): Promise<(deps: SubgraphDeps) => unknown>;
}

export type SubgraphName = keyof typeof SUBGRAPHS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];

/** Each subgraph as its builder returns it (its data module typed), by name. */
export type BuiltSubgraphs = { [Name in SubgraphName]: ReturnType<Awaited<ReturnType<(typeof SUBGRAPHS)[Name]['load']>>> };

/** Builds every subgraph with the dependencies the runner gives each. */
export async function buildSubgraphs(depsOf: (name: SubgraphName) => SubgraphDeps): Promise<BuiltSubgraphs> {
  const built = {} as Record<SubgraphName, unknown>;
  for (const name of SUBGRAPH_NAMES) built[name] = (await SUBGRAPHS[name].load())(depsOf(name));
  return built as BuiltSubgraphs;
}

/** Runs the named subgraph as its own process (its main.ts). */
export async function runRegisteredSubgraph(name: SubgraphName): Promise<void> {
  const { runMain } = await import('./kit/config.js');
  const { runSubgraphAlone } = await import('./kit/standalone.js');
  const entry = SUBGRAPHS[name];
  await runMain(async () => runSubgraphAlone(name, { port: entry.port, create: await entry.load() }));
}
