/**
 * Hive Gateway (the dev dependency @graphql-hive/gateway, its runtime used programmatically) on the project's
 * supergraph, routed to the given subgraphs, signing each fetch like the project's gateway (hive-principal.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import type { Authenticate } from '../../gateway/auth.js';
import { useSignedPrincipal } from './hive-principal.js';

export interface HiveGatewayOptions {
  /** The composed supergraph (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** Routing URL per subgraph name; replaces the one composition wrote. */
  serviceUrls: Record<string, string>;
  internalSecret: string;
  authenticate: Authenticate;
  port: number;
  host: string;
}

export interface RunningHive {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** The supergraph with each `@join__graph` URL replaced by the running subgraph's; every subgraph must be given. */
export function routedSupergraph(sdl: string, serviceUrls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]+"\)/g, (_all, name: string) => {
    const url = serviceUrls[name];
    if (!url) throw new Error(`no URL for the ${name} subgraph`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}

export async function startHiveGateway(options: HiveGatewayOptions): Promise<RunningHive> {
  const gateway = createGatewayRuntime({
    supergraph: routedSupergraph(options.supergraphSdl, options.serviceUrls),
    logging: 'error',
    landingPage: false,
    graphiql: false,
    // Hive shares one in-flight subgraph fetch among identical ones (keyed by URL and body, before onFetch adds
    // the signed principal): concurrent callers would get one another's answers, a public caller the credit
    // office's, and only one read would be audited. Every caller's fetch is its own, as in the project's gateway.
    transportEntries: { '*': { options: { deduplicateInflightRequests: false } } },
    plugins: () => [useSignedPrincipal({ internalSecret: options.internalSecret, authenticate: options.authenticate })],
  });
  // The schema is built on first use: build it now, so /health means ready to plan.
  const warm = await gateway.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  if (!warm.ok) throw new Error(`Hive Gateway did not load the supergraph: HTTP ${warm.status} ${await warm.text()}`);
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","service":"hive-gateway"}');
      return;
    }
    void gateway(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const origin = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/graphql`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await gateway.dispose();
    },
  };
}
