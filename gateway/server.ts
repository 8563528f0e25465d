import { randomUUID } from 'node:crypto';
import { readFileSync, watch } from 'node:fs';
import { bindScalars, nameVariableField } from './scalars.js';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { DEFAULT_PORTS } from '../subgraphs/kit/config.js';
import { formatError, listen, type RunningService } from '../subgraphs/kit/http.js';
import { log } from '../subgraphs/kit/log.js';
import { DELEGATION_HEADER, PRINCIPAL_HEADER, PUBLIC_PRINCIPAL, REQUEST_ID_HEADER, signPrincipal, verifyPrincipal, type Principal } from '../subgraphs/kit/principal.js';
import { loadPortalConfig, portalCors, portalRateLimit, reportRoutes, type PortalConfig } from './portal.js';
import type { Authenticate } from './auth.js';
import { SUPERGRAPH_FILE } from './composition.js';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  client: string;
}

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
}

/** Every subgraph request carries the caller's principal, signed, and the request id. */
class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: string) {
    super({ url });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    const principal = context?.principal ?? PUBLIC_PRINCIPAL;
    const requestId = context?.requestId ?? randomUUID();
    const operation = 'incomingRequestContext' in options ? (options.incomingRequestContext.operationName ?? undefined) : undefined;
    request.http?.headers.set(PRINCIPAL_HEADER, signPrincipal(principal, requestId, this.secret, Date.now(), operation, context?.client));
    request.http?.headers.set(REQUEST_ID_HEADER, requestId);
  }
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

/** One JSON log line per operation: request id, principal, operation, outcome. */
const operationLog: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    const started = Date.now();
    return {
      async willSendResponse({ operationName, errors, response }) {
        const codes = [...new Set((errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
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

function requestIdFrom(header: string | undefined): string {
  return header && /^[\w.-]{8,64}$/.test(header) ? header : randomUUID();
}

export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  // @apollo/gateway otherwise probes cloud metadata endpoints and exports usage metrics to Apollo:
  // credit-platform traffic never leaves the platform.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSource(options.watchSupergraph ?? false),
    buildService: ({ name, url }) => new SignedDataSource(options.serviceUrls[name] ?? url!, options.internalSecret),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => bindScalars(apiSchema));
  const portal = options.portal ?? loadPortalConfig({});
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: (formatted, error) => formatError(nameVariableField(formatted), error),
    includeStacktraceInErrorResponses: false,
    // Apollo's CSRF prevention stays on (the default): a browser cannot send a simple, unpreflighted request.
    csrfPrevention: true,
    plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }), operationLog, portalRateLimit(portal)],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, client addresses (for per-client limits and logs) come from X-Forwarded-For.
  if (process.env.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  const authenticateRequest = (req: express.Request) => options.authenticate({ apiKey: req.header('x-api-key'), authorization: req.header('authorization') });
  app.use(portalCors(portal));
  reportRoutes(app, options.serviceUrls.reports ?? `http://127.0.0.1:${DEFAULT_PORTS.reports}/graphql`, options.internalSecret, authenticateRequest, (req) => requestIdFrom(req.header(REQUEST_ID_HEADER)));
  app.use(
    '/graphql',
    express.json({ limit: '5mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        // The reports service composes a report as its reader: the reader's principal, signed with the internal secret.
        const delegated = verifyPrincipal(req.header(DELEGATION_HEADER), options.internalSecret);
        if (delegated) return { principal: delegated.principal, requestId: delegated.requestId, client: delegated.client };
        const requestId = requestIdFrom(req.header(REQUEST_ID_HEADER));
        try {
          const principal = await authenticateRequest(req);
          return { principal, requestId, client: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
        } catch (error) {
          log.info({ requestId, principal: null, operation: req.body?.operationName ?? null, outcome: 'unauthenticated', reason: (error as Error).message });
          throw error;
        }
      },
    }),
  );
  app.get('/', (_req, res) => res.redirect('/graphql'));
  return listen('gateway', app, options.port, options.host, () => server.stop());
}
