import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { formatError, listen, type RunningService } from '../subgraphs/kit/http.js';
import {
  limitValidationRules,
  loadOperationLimits,
  operationLimitsPlugin,
  type OperationLimits,
} from '../subgraphs/kit/operation-limits.js';
import { localisedErrorsPlugin } from '../subgraphs/kit/messages.js';
import { publicAnswersOnlyCached } from '../subgraphs/kit/cache-policy.js';
import { graphqlMetricsPlugin } from '../subgraphs/kit/metrics-plugin.js';
import { REQUEST_ID_HEADER } from '../subgraphs/kit/principal.js';
import { replayGuardFor } from '../subgraphs/kit/replay.js';
import { openLimitStore, type LimitStore } from '../subgraphs/kit/rate-limit.js';
import type { InProcessSubgraph } from '../subgraphs/kit/in-process.js';
import type { Authenticate } from './auth.js';
import { authenticateRequest, gatewayContext, requestIdOf, type GatewayContext } from './context.js';
import { measuredSource, SignedDataSource } from './data-source.js';
import { explorerRoutes } from './explorer.js';
import { InProcessDataSource } from './in-process-data-source.js';
import { introspectionGuard, loadIntrospectionAudience, type IntrospectionAudience } from './introspection.js';
import { gatewayHealth } from './health.js';
import { bodyGuard, loadRequestLimits, type RequestLimits } from './limits.js';
import { operationLog } from './operation-log.js';
import { loadPortalConfig, portalCors, type PortalConfig } from './portal.js';
import { hideSuggestions, publicError } from './public-errors.js';
import { publicRateLimit, rateLimitStatus } from './rate-limit.js';
import { reportRoutes } from './report-routes.js';
import { bindScalars, nameVariableField } from './scalars.js';
import { supergraphRoutes, supergraphSource } from './supergraph.js';

export type { GatewayContext };

export const DEFAULT_GATEWAY_PORT = 4000;

export interface GatewayOptions {
  /** Routing URL per subgraph name; overrides the local defaults written in the supergraph. */
  serviceUrls: Record<string, string>;
  /**
   * Subgraphs of this process, called in process instead of at their URL (the platform in one process); their
   * URLs still route /health and the report documents.
   */
  inProcess?: Record<string, InProcessSubgraph>;
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
  /** NODE_ENV=production: no demo credentials in the explorer, no Sandbox, no field suggestions, introspection for staff. */
  production?: boolean;
  /** Who may introspect in production; INTROSPECTION when not given. */
  introspection?: IntrospectionAudience;
}

export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  const limits = options.limits ?? loadOperationLimits();
  const requestLimits = options.requestLimits ?? loadRequestLimits();
  const ownStore = options.limitStore ? undefined : openLimitStore();
  const limitStore = options.limitStore ?? ownStore!;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const introspection = options.introspection ?? loadIntrospectionAudience();
  const replays = replayGuardFor(limitStore);
  // @apollo/gateway otherwise probes cloud metadata endpoints and exports usage metrics to Apollo:
  // credit-platform traffic never leaves the platform.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSource(options.watchSupergraph ?? false),
    buildService: ({ name, url }) => {
      const local = options.inProcess?.[name];
      return measuredSource(
        name,
        local
          ? new InProcessDataSource(local, options.internalSecret, requestLimits.subgraphTimeoutMs)
          : new SignedDataSource(options.serviceUrls[name] ?? url!, name, options.internalSecret, requestLimits.subgraphTimeoutMs),
      );
    },
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
    // Apollo's switch is all or nothing; introspectionGuard decides by caller.
    introspection: true,
    plugins: [
      // The explorer is the gateway's own page (explorer.ts), not Apollo's CDN-loaded one.
      ApolloServerPluginLandingPageDisabled(),
      introspectionGuard(introspection, production),
      operationLog,
      graphqlMetricsPlugin<GatewayContext>('gateway'),
      operationLimitsPlugin<GatewayContext>(limits),
      publicRateLimit<GatewayContext>(limitStore, portal.fieldsPerMinute),
      rateLimitStatus as ApolloServerPlugin<GatewayContext>,
      localisedErrorsPlugin<GatewayContext>(),
      publicAnswersOnlyCached<GatewayContext>(),
      ...(production ? [hideSuggestions] : []),
    ],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, client addresses (for per-client limits and logs) come from X-Forwarded-For.
  if (process.env.TRUST_PROXY)
    app.set('trust proxy', /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
  const routes = { ...supergraphRoutes(), ...options.serviceUrls };
  const health = gatewayHealth(routes);
  health.route(app);
  app.use(portalCors(portal));
  reportRoutes(app, routes.reports!, options.internalSecret, authenticateRequest(options.authenticate), requestIdOf);
  explorerRoutes(app, production);
  app.use('/graphql', (req, res, next) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
    next();
  });
  app.use(
    '/graphql',
    ...bodyGuard(requestLimits, requestIdOf),
    expressMiddleware(server, {
      context: gatewayContext({
        authenticate: options.authenticate,
        internalSecret: options.internalSecret,
        replays,
        requestTimeoutMs: requestLimits.requestTimeoutMs,
      }),
    }),
  );
  app.get('/', (_req, res) => res.redirect('/graphql'));
  return listen(
    'gateway',
    app,
    options.port,
    options.host,
    async () => {
      await server.stop();
      await ownStore?.close();
    },
    { readiness: health.readiness },
  );
}
