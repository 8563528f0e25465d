import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
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
  close(): Promise<void>;
}

/** Listens on host:port (0 picks a free port) and closes keep-alive sockets on shutdown. */
export function listen(name: string, app: express.Express, port: number, host: string, onClose: () => Promise<void>): Promise<RunningService> {
  const server: Server = createServer(app);
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
        close: async () => {
          await onClose();
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
        },
      });
    });
  });
}

const OUR_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'RATE_LIMITED', 'GATEWAY_TIMEOUT', ...Object.values(LIMIT_CODES)]);
const GRAPHQL_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

/** No stack trace or SQL text reaches a client: anything outside the vocabulary becomes a generic error, logged here. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  if (OUR_CODES.has(code) || GRAPHQL_CODES.has(code)) {
    const { stacktrace: _ignored, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log.error({ err: unwrapResolverError(error), path: formatted.path }, 'internal error');
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
