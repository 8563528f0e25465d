import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { limitValidationRules, operationLimitsPlugin, withLimitCode, type OperationLimits } from './operation-limits.js';
import type { AuditCollector, AuditLog } from './audit.js';
import { log } from './log.js';
import { runChecks, type Checks } from './readiness.js';
import { requestSpans } from './tracing.js';
import { graphqlMetricsPlugin } from './metrics-plugin.js';
import { publicAnswersOnlyCached } from './cache-policy.js';
import { KIT_MESSAGES } from './kit-messages.js';
import { DEFAULT_LOCALE, localisedErrorsPlugin, textOf, type Locale } from './messages.js';
import { unauthenticated } from './errors.js';
import { formatError, listen } from './http.js';
import { inProcessEntry, type ServedSubgraph } from './in-process.js';
import { parsePosition, type FeedEvent, type FeedPosition } from './events.js';
import { acceptPrincipal, PRINCIPAL_HEADER, SERVICE_HEADER, verifyService, type Principal } from './principal.js';
import { openLimitStore } from './rate-limit.js';
import { replayGuardFor, type ReplayGuard } from './replay.js';
import { scalarResolvers } from './scalars.js';

/** What every subgraph's per-request context starts from. */
export interface RequestScope {
  principal: Principal;
  requestId: string;
  /** The client's operation name, as the gateway signed it. */
  operation: string;
  /** The caller's address as the gateway saw it. */
  client?: string;
  /** The language refusals are written in (kit/messages.ts). */
  locale?: Locale;
}

type SchemaModule = Extract<Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number], { typeDefs: unknown }>;
/**
 * Resolvers as buildSubgraphSchema takes them. Each subgraph types its own with the `Resolvers` graphql-codegen
 * generates from its SDL (subgraphs/<name>/generated), which is assignable to this.
 */
export type SubgraphResolvers = NonNullable<SchemaModule['resolvers']>;

/** SDL is read relative to the calling module, never the working directory. */
export function loadSubgraphSchema(sdlUrl: URL, resolvers: SubgraphResolvers): GraphQLSchema {
  const typeDefs = parse(readFileSync(sdlUrl, 'utf8'));
  return buildSubgraphSchema({ typeDefs, resolvers: { ...scalarResolvers, ...resolvers } });
}

/** Writes what the request touched to the audit trail before the answer leaves; no trace, no answer. */
function auditPlugin<Ctx extends RequestScope & { audit: AuditCollector }>(auditLog: AuditLog): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await auditLog.append(contextValue.audit.entries());
          } catch (error) {
            log.error({ err: error, requestId: contextValue.requestId }, 'audit trail write failed; answer withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [
                new GraphQLError(textOf(KIT_MESSAGES.INTERNAL_ERROR(), contextValue.locale ?? DEFAULT_LOCALE), {
                  extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, reason: KIT_MESSAGES.INTERNAL_ERROR().code },
                }),
              ];
            }
          }
        },
      };
    },
  };
}

/**
 * A subgraph keeps its own depth and cost limits (looser than the gateway's, whose plans nest and batch):
 * it may sit behind another router, and nobody should reach it without one.
 */
export function buildSubgraphServer<Ctx extends RequestScope & { audit: AuditCollector }>(
  name: string,
  schema: GraphQLSchema,
  auditLog: AuditLog,
  limits: OperationLimits,
): ApolloServer<Ctx> {
  // Inline traces would hand resolver timings to any caller: off.
  return new ApolloServer<Ctx>({
    schema,
    formatError: (formatted, error) => formatError(withLimitCode(formatted), error),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.tokens },
    validationRules: limitValidationRules(limits),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      graphqlMetricsPlugin<Ctx>(name),
      auditPlugin<Ctx>(auditLog),
      operationLimitsPlugin<Ctx>(limits),
      localisedErrorsPlugin<Ctx>(),
      publicAnswersOnlyCached<Ctx>(),
    ],
  });
}

export interface ServeOptions<Ctx extends RequestScope> {
  name: string;
  server: ApolloServer<Ctx>;
  createContext(scope: RequestScope): Ctx;
  internalSecret: string;
  port: number;
  host: string;
  /** Throws when the service cannot serve (e.g. its database is unreachable). */
  healthCheck(): Promise<void>;
  /** The subgraph's event log, served at /events to other services only. */
  feed?: (after: FeedPosition | null, limit: number) => Promise<FeedEvent[]>;
  /** Routes besides /graphql; they check the principal header themselves. */
  routes?: (app: express.Express) => void;
  /** Where single-use headers are remembered (shared through Redis when the store has it). */
  replays?: ReplayGuard;
  /** Fields /health and /ready add (the subgraph's own state, e.g. a warning for the operator). */
  status?: () => Record<string, unknown>;
  /** What /ready checks besides the database (event lag, the calendar). */
  checks?: Checks;
}

/**
 * The principal check every call to a subgraph passes, over HTTP and in process: a subgraph reached without
 * the gateway's signature for it, or with a header already used, answers nothing.
 */
function principalContext<Ctx extends RequestScope>(
  options: ServeOptions<Ctx>,
  replays: ReplayGuard,
): (principalHeader: string | undefined) => Promise<Ctx> {
  return async (principalHeader) => {
    const verified = await acceptPrincipal(principalHeader, options.internalSecret, options.name, replays);
    if (!verified) throw unauthenticated('this service only answers requests signed by the gateway for it, each header once');
    return options.createContext(verified);
  };
}

/**
 * The faces of a subgraph: /graphql behind principal verification, /health and its routes over HTTP, and
 * the same /graphql in process for the gateway beside it (kit/in-process.ts). Closing closes both.
 */
export async function serveSubgraph<Ctx extends RequestScope>(options: ServeOptions<Ctx>): Promise<ServedSubgraph> {
  const { server, internalSecret } = options;
  const replays = options.replays ?? replayGuardFor(openLimitStore({}));
  const contextFor = principalContext(options, replays);
  const inProcess = inProcessEntry(options.name, server, contextFor);
  await server.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      await options.healthCheck();
      res.json({ status: 'ok', service: options.name, ...options.status?.() });
    } catch {
      res.status(503).json({ status: 'unavailable', service: options.name });
    }
  });
  const { feed } = options;
  if (feed) {
    app.get('/events', async (req, res) => {
      if (!verifyService(req.header(SERVICE_HEADER), options.name, internalSecret)) {
        res.status(401).json({ error: 'this feed only answers services signed with the internal secret' });
        return;
      }
      try {
        const limit = Math.min(Math.max(Number(req.query.limit ?? 500) || 500, 1), 1000);
        res.json(await feed(parsePosition(typeof req.query.after === 'string' ? req.query.after : undefined), limit));
      } catch (error) {
        log.warn({ err: error }, 'event feed request refused');
        res.status(400).json({ error: 'after must be <txid>:<id> from an earlier event' });
      }
    });
  }
  options.routes?.(app);
  app.use(
    '/graphql',
    requestSpans(options.name),
    express.json({ limit: '5mb' }),
    expressMiddleware(server, { context: async ({ req }) => contextFor(req.header(PRINCIPAL_HEADER)) }),
  );
  // The server stops once the calls in flight on both faces are done (or the grace has passed).
  let inProcessDrained = Promise.resolve();
  const running = await listen(
    options.name,
    app,
    options.port,
    options.host,
    async () => {
      await inProcessDrained;
      await server.stop();
    },
    {
      status: options.status,
      readiness: () =>
        runChecks({
          database: async () => {
            await options.healthCheck();
            return { ok: true };
          },
          ...options.checks,
        }),
    },
  );
  return {
    ...running,
    inProcess,
    close: (graceMs = 0) => {
      inProcessDrained = inProcess.close(graceMs);
      return running.close(graceMs);
    },
  };
}
