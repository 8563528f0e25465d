import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLFormattedError } from 'graphql';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { CLIENT_ERROR_CODES } from './errors.js';
import type express from 'express';
import { log } from './log.js';
import { LIMIT_CODES } from './operation-limits.js';

export interface RunningService {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:4001 */
  origin: string;
  /** The GraphQL endpoint. */
  url: string;
  port: number;
  /** Graceful: readiness turns false, no new connection is taken, requests in flight finish (up to `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** How long a closing service waits for requests in flight (SHUTDOWN_GRACE_MS, default 10 s). */
export function shutdownGraceMs(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.SHUTDOWN_GRACE_MS ?? 10_000);
  return Number.isFinite(value) && value >= 0 ? value : 10_000;
}

// Idle keep-alive sockets: clients (undici: 4 s) must give up on them before the server does, or a request
// sent on a socket the server is closing at that moment fails with ECONNRESET.
const KEEP_ALIVE_MS = 65_000;

/**
 * Listens on host:port (0 picks a free port). `/ready` answers 200 while serving and 503 once closing, so a
 * load balancer stops sending before the process goes; close() then lets requests in flight finish.
 */
export function listen(
  name: string,
  app: express.Express,
  port: number,
  host: string,
  onClose: () => Promise<void>,
  status?: () => Record<string, unknown>,
): Promise<RunningService> {
  let draining = false;
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/ready') {
      res.writeHead(draining ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready: !draining, service: name, ...status?.() }));
      return;
    }
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
    if (draining) res.setHeader('connection', 'close');
    app(req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      resolve({
        name,
        origin,
        url: `${origin}/graphql`,
        port: address.port,
        close: async (graceMs = 0) => {
          draining = true;
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          const until = Date.now() + graceMs;
          while (inFlight > 0 && Date.now() < until) await new Promise((wait) => setTimeout(wait, 25));
          if (inFlight > 0) log.warn({ service: name, inFlight }, 'shutdown grace passed with requests still in flight');
          await onClose();
          server.closeAllConnections();
          await closed;
        },
      });
    });
  });
}

const SHOWN_CODES = new Set([...CLIENT_ERROR_CODES, ...Object.values(LIMIT_CODES)]);

/** No stack trace or SQL text reaches a client: anything outside the vocabulary becomes a generic error, logged here. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  if (SHOWN_CODES.has(code)) {
    const { stacktrace: _ignored, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log.error({ err: unwrapResolverError(error), path: formatted.path }, 'internal error');
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR },
  };
}
