import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLFormattedError } from 'graphql';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { sameText } from './constant-time.js';
import { CLIENT_ERROR_CODES } from './errors.js';
import type express from 'express';
import { KIT_MESSAGES } from './kit-messages.js';
import { log } from './log.js';
import { localeOf, requestIdOf, textOf } from './messages.js';
import { LIMIT_CODES } from './operation-limits.js';
import { metricsText } from './metrics.js';
import type { ReadinessReport } from './readiness.js';

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

/** What /ready and /live tell beyond "listening": the service's own state, and its readiness checks (kit/readiness.ts). */
export interface Probes {
  status?: () => Record<string, unknown>;
  readiness?: () => Promise<ReadinessReport>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Listens on host:port (0 picks a free port). `/live` answers while the process does; `/ready` answers 200
 * while serving and its checks pass, and 503 once closing, so a load balancer stops sending before the process
 * goes; close() then lets requests in flight finish.
 */
export function listen(
  name: string,
  app: express.Express,
  port: number,
  host: string,
  onClose: () => Promise<void>,
  probes: Probes = {},
): Promise<RunningService> {
  let draining = false;
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/live') {
      json(res, 200, { live: true, service: name });
      return;
    }
    if (req.url === '/ready') {
      // Draining answers unready at once, before any check: the load balancer stops sending first.
      if (draining) json(res, 503, { ready: false, draining: true, service: name, ...probes.status?.() });
      else
        (probes.readiness?.() ?? Promise.resolve({ ready: true, checks: {} })).then(
          (report) => json(res, report.ready ? 200 : 503, { ...report, service: name, ...probes.status?.() }),
          () => json(res, 503, { ready: false, service: name }),
        );
      return;
    }
    if (req.url === '/metrics') {
      answerMetrics(req.headers.authorization, res);
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

/**
 * /metrics in Prometheus' text format. With METRICS_TOKEN set, only a scraper sending it as a bearer token is
 * answered (the gateway's port is the public one: traffic by operation is the operator's, not the world's).
 */
function answerMetrics(authorization: string | undefined, res: ServerResponse): void {
  const token = process.env.METRICS_TOKEN;
  if (token && !sameText(authorization ?? '', `Bearer ${token}`)) {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
    res.end(JSON.stringify({ error: 'metrics need the bearer token set in METRICS_TOKEN' }));
    return;
  }
  metricsText().then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
    (error: unknown) => {
      log.error({ err: error }, 'metrics could not be collected');
      res.writeHead(500).end();
    },
  );
}

const SHOWN_CODES = new Set([...CLIENT_ERROR_CODES, ...Object.values(LIMIT_CODES)]);

/** No stack trace or SQL text reaches a client: anything outside the vocabulary becomes a generic error, logged here. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  if (SHOWN_CODES.has(code)) {
    const { stacktrace: _ignored, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log.error({ err: unwrapResolverError(error), path: formatted.path, requestId: requestIdOf(error) }, 'internal error');
  const message = KIT_MESSAGES.INTERNAL_ERROR();
  return {
    message: textOf(message, localeOf(error)),
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, reason: message.code },
  };
}
