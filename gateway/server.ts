import { randomUUID } from 'node:crypto';
import { SignedDataSource, type FetchContext } from './data-source.js';
import { readFileSync, watch } from 'node:fs';
import { bindScalars, nameVariableField } from './scalars.js';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { DEFAULT_PORTS, type SubgraphName } from '../subgraphs/kit/config.js';
import { formatError, listen, type RunningService } from '../subgraphs/kit/http.js';
import { log } from '../subgraphs/kit/log.js';
import { unauthenticated } from '../subgraphs/kit/errors.js';
import {
  limitCodeOf,
  limitValidationRules,
  loadOperationLimits,
  operationLimitsPlugin,
  type OperationLimits,
} from '../subgraphs/kit/operation-limits.js';
import { acceptPrincipal, DELEGATION_HEADER, REQUEST_ID_HEADER } from '../subgraphs/kit/principal.js';
import { replayGuardFor } from '../subgraphs/kit/replay.js';
import { openLimitStore, type LimitStore } from '../subgraphs/kit/rate-limit.js';
import { bodyGuard, loadRequestLimits, publicError, publicRateLimit, rateLimitStatus, type RequestLimits } from './limits.js';
import { loadPortalConfig, portalCors, reportRoutes, type PortalConfig } from './portal.js';
import type { Authenticate } from './auth.js';
import { SUPERGRAPH_FILE } from './composition.js';

export type GatewayContext = FetchContext;

export interface GatewayOptions {
  /** Routing URL per subgraph name; overrides the local defaults written in the supergraph. */
  serviceUrls: Record<string, string>;
  internalSecret: string;
  authenticate: Authenticate;
  /** Reload schema/supergraph.graphql when it changes (development). */
  watchSupergraph?: boolean;
  port: number;
  host: string;
  portal?: PortalConfig;
  limits?: OperationLimits;
  requestLimits?: RequestLimits;
  /** Where rate limits count; the gateway opens its own from REDIS_URL when not given (and closes it). */
  limitStore?: LimitStore;
  /** NODE_ENV=production: no landing page, no field suggestions. */
  production?: boolean;
}

function supergraphSource(watchFile: boolean) {
  const read = () => readFileSync(SUPERGRAPH_FILE, 'utf8');
  if (!watchFile) return read();
  return async ({ update }: { update: (sdl: string) => void }) => {
    const watcher = watch(SUPERGRAPH_FILE, () => {
      try {
        update(read());
        log.info('supergraph reloaded');
      } catch (error) {
        log.error({ err: error }, 'supergraph reload failed; keeping the previous one');
      }
    });
    return { supergraphSdl: read(), cleanup: async () => watcher.close() };
  };
}

/** One JSON log line per operation, refused ones included: request id, principal, operation, outcome. */
const operationLog: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    const started = Date.now();
    return {
      async didEncounterErrors({ errors, operationName }) {
        // A timed-out or dropped subgraph fetch is logged with the request it belonged to.
        for (const error of errors) {
          if (
            error.extensions?.code === 'INTERNAL_SERVER_ERROR' ||
            error.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' ||
            !error.extensions?.code
          ) {
            log.warn(
              { requestId: contextValue.requestId, operation: operationName ?? null, path: error.path, err: error.originalError ?? error },
              'operation failed',
            );
          }
        }
      },
      async willSendResponse({ operationName, errors, response }) {
        const codes = [
          ...new Set(
            (errors ?? []).map((error) => String(limitCodeOf(error.extensions) ?? error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
          ),
        ];
        const resultErrors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        log.info({
          requestId: contextValue.requestId,
          principal: contextValue.principal,
          operation: operationName ?? null,
          outcome: codes.length || resultErrors.length ? 'error' : 'ok',
          errorCodes: codes.length ? codes : [...new Set(resultErrors.map((e) => String(e.extensions?.code ?? '')))],
          ms: Date.now() - started,
        });
      },
    };
  },
};

/** Production answers "Cannot query field" without guessing at the schema for the caller. */
const hideSuggestions: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors }) {
        for (const error of errors) error.message = error.message.replace(/ ?Did you mean .+\?$/, '');
      },
    };
  },
};

function requestIdFrom(header: string | undefined): string {
  return header && /^[\w.-]{8,64}$/.test(header) ? header : randomUUID();
}

export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  const limits = options.limits ?? loadOperationLimits();
  const requestLimits = options.requestLimits ?? loadRequestLimits();
  const ownStore = options.limitStore ? undefined : openLimitStore();
  const limitStore = options.limitStore ?? ownStore!;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const replays = replayGuardFor(limitStore);
  // @apollo/gateway otherwise probes cloud metadata endpoints and exports usage metrics to Apollo:
  // credit-platform traffic never leaves the platform.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSource(options.watchSupergraph ?? false),
    buildService: ({ name, url }) =>
      new SignedDataSource(
        options.serviceUrls[name] ?? url!,
        name as SubgraphName,
        options.internalSecret,
        requestLimits.subgraphTimeoutMs,
      ),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => bindScalars(apiSchema));
  const portal = options.portal ?? loadPortalConfig({});
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: (formatted, error) => formatError(publicError(nameVariableField(formatted)), error),
    includeStacktraceInErrorResponses: false,
    // Apollo's CSRF prevention stays on (the default): a browser cannot send a simple, unpreflighted request.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Shutdown is ours (listen().close): Apollo's own SIGTERM handler would stop mid-request and re-raise the signal.
    stopOnTerminationSignals: false,
    // Limits refuse an operation before it is planned: tokens while parsing, depth, aliases and directives
    // while validating, root fields and cost once its variables are known.
    parseOptions: { maxTokens: limits.tokens },
    validationRules: limitValidationRules(limits),
    plugins: [
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      operationLog,
      operationLimitsPlugin<GatewayContext>(limits),
      publicRateLimit<GatewayContext>(limitStore, portal.fieldsPerMinute),
      rateLimitStatus as ApolloServerPlugin<GatewayContext>,
      ...(production ? [hideSuggestions] : []),
    ],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, client addresses (for per-client limits and logs) come from X-Forwarded-For.
  if (process.env.TRUST_PROXY)
    app.set('trust proxy', /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
  // The repairs service owns the working-day calendar: its /ready says how far it reaches, and the
  // gateway's /health repeats it so one probe warns the operator before deadlines start to be refused.
  const repairsReady = new URL('/ready', options.serviceUrls.repairs ?? `http://127.0.0.1:${DEFAULT_PORTS.repairs}/graphql`).toString();
  app.get('/health', async (_req, res) => {
    let calendar: unknown = null;
    try {
      const ready = (await (await fetch(repairsReady, { signal: AbortSignal.timeout(1000) })).json()) as { calendar?: unknown };
      calendar = ready.calendar ?? null;
    } catch {
      // repairs unreachable: the gateway itself is healthy; the calendar is simply not known here now.
    }
    res.json({ status: 'ok', service: 'gateway', calendar });
  });
  const authenticateRequest = (req: express.Request) =>
    options.authenticate({ apiKey: req.header('x-api-key'), authorization: req.header('authorization') });
  app.use(portalCors(portal));
  reportRoutes(
    app,
    options.serviceUrls.reports ?? `http://127.0.0.1:${DEFAULT_PORTS.reports}/graphql`,
    options.internalSecret,
    authenticateRequest,
    (req) => requestIdFrom(req.header(REQUEST_ID_HEADER)),
  );
  const requestIdOf = (req: express.Request) => requestIdFrom(req.header(REQUEST_ID_HEADER));
  app.use('/graphql', (req, res, next) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
    next();
  });
  app.use(
    '/graphql',
    ...bodyGuard(requestLimits, requestIdOf),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const deadline = Date.now() + requestLimits.requestTimeoutMs;
        const delegation = req.header(DELEGATION_HEADER);
        if (delegation !== undefined) {
          // The reports service composes a report as its reader: that principal, signed for the gateway by reports.
          const delegated = await acceptPrincipal(delegation, options.internalSecret, 'gateway', replays);
          if (!delegated || delegated.issuer !== 'reports')
            throw unauthenticated('x-credit-delegation is not a valid delegation for the gateway');
          if (req.header('x-api-key') !== undefined || req.header('authorization') !== undefined)
            throw unauthenticated('a delegated request carries no credential of its own');
          return { principal: delegated.principal, requestId: delegated.requestId, client: delegated.client, deadline };
        }
        const requestId = requestIdOf(req);
        try {
          const principal = await authenticateRequest(req);
          return { principal, requestId, client: req.ip ?? req.socket.remoteAddress ?? 'unknown', deadline };
        } catch (error) {
          log.info({
            requestId,
            principal: null,
            operation: req.body?.operationName ?? null,
            outcome: 'unauthenticated',
            reason: (error as Error).message,
          });
          throw error;
        }
      },
    }),
  );
  app.get('/', (_req, res) => res.redirect('/graphql'));
  return listen('gateway', app, options.port, options.host, async () => {
    await server.stop();
    await ownStore?.close();
  });
}
