import { readFileSync, watch } from 'node:fs';
import { log } from '../subgraphs/kit/log.js';

/** The composed schema the gateway serves (npm run compose writes it; committed). */
export const SUPERGRAPH_FILE = new URL('../schema/supergraph.graphql', import.meta.url);

const readSupergraph = () => readFileSync(SUPERGRAPH_FILE, 'utf8');

/** The supergraph as ApolloGateway takes it: read once, or re-read whenever the file changes (development). */
export function supergraphSource(watchFile: boolean) {
  if (!watchFile) return readSupergraph();
  return async ({ update }: { update: (sdl: string) => void }) => {
    const watcher = watch(SUPERGRAPH_FILE, () => {
      try {
        update(readSupergraph());
        log.info('supergraph reloaded');
      } catch (error) {
        log.error({ err: error }, 'supergraph reload failed; keeping the previous one');
      }
    });
    return { supergraphSdl: readSupergraph(), cleanup: async () => watcher.close() };
  };
}

/**
 * The subgraphs the supergraph routes to, by name, with the routing URL composition wrote (the local
 * defaults): the gateway learns its subgraphs from the schema it serves, not from a list of its own.
 */
export function supergraphRoutes(sdl: string = readSupergraph()): Record<string, string> {
  const routes: Record<string, string> = {};
  for (const match of sdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) routes[match[1]!] = match[2]!;
  return routes;
}
