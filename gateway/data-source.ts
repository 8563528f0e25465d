import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Agent, request, type Dispatcher } from 'undici';
import { Kind, parse, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { log } from '../subgraphs/kit/log.js';
import { DEFAULT_LOCALE, textOf, type Locale, type Message } from '../subgraphs/kit/messages.js';
import { GATEWAY_MESSAGES as M } from './messages.js';
import { subgraphFetchDuration } from '../subgraphs/kit/metrics.js';
import { traceHeaders } from '../subgraphs/kit/tracing.js';
import { PLATFORM_ERROR_CODES } from '../subgraphs/kit/errors.js';
import { PRINCIPAL_HEADER, PUBLIC_PRINCIPAL, REQUEST_ID_HEADER, signPrincipal, type Principal } from '../subgraphs/kit/principal.js';

/** What the gateway knows of the operation a subgraph fetch belongs to. */
export interface FetchContext {
  principal: Principal;
  requestId: string;
  client: string;
  /** When the operation's deadline passes (ms since the epoch): no subgraph fetch runs past it. */
  deadline: number;
  /** The language the caller reads (Accept-Language), signed on to every subgraph. */
  locale?: Locale;
}

/** Tells the fetcher how long a subgraph fetch may take: the operation's deadline, carried on the request. */
const DEADLINE_HEADER = 'x-credit-deadline';

/** How long a subgraph call may take: its own limit or what is left of the operation's deadline, whichever is less. */
export function callBudgetMs(subgraphTimeoutMs: number, deadline: number | undefined): number {
  const left = deadline !== undefined && Number.isFinite(deadline) && deadline > 0 ? deadline - Date.now() : subgraphTimeoutMs;
  return Math.max(1, Math.min(subgraphTimeoutMs, left));
}

/**
 * Subgraph fetches go through undici's `request` on one keep-alive pool, not the global fetch: fetch's WHATWG
 * streams, Request/Response objects and header guards were the gateway's largest CPU cost under load (a
 * profile of bench:compare: more than GraphQL execution and query planning together). What Apollo's data
 * source reads of an answer — ok, status, headers.get, text, json — is given from the whole body, read once.
 */
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

interface SubgraphAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** A fetch is aborted at its own limit or at the operation's deadline, whichever comes first. */
function deadlineFetcher(subgraphTimeoutMs: number) {
  return async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<SubgraphAnswer> => {
    const budget = callBudgetMs(subgraphTimeoutMs, Number(init.headers?.[DEADLINE_HEADER]));
    const answer = await request(url, {
      method: (init.method ?? 'POST') as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(budget),
      dispatcher,
    });
    const text = await answer.body.text();
    const { headers, statusCode } = answer;
    return {
      ok: statusCode >= 200 && statusCode < 300,
      status: statusCode,
      statusText: STATUS_CODES[statusCode] ?? '',
      url,
      headers: {
        get: (name) => {
          const value = headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      },
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
    };
  };
}

export const isTimeout = (error: unknown): boolean => ['TimeoutError', 'AbortError'].includes((error as Error)?.name);

/** A socket that broke before any answer (a keep-alive socket closed by the server just as it was reused). */
function isDroppedConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  return (
    ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNREFUSED', 'UND_ERR_CLOSED'].includes(code ?? '') ||
    /other side closed|socket hang up|fetch failed/i.test(String((error as Error)?.message))
  );
}

/** The response keys a fetch asks for: its root fields, or the fields asked of each `_entities` representation. */
function askedKeys(query: string): { entities: boolean; keys: string[] } {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const keysOf = (set: SelectionSetNode | undefined): string[] =>
    (set?.selections ?? []).flatMap((selection) =>
      selection.kind === Kind.FIELD
        ? selection.name.value === '__typename'
          ? []
          : [selection.alias?.value ?? selection.name.value]
        : selection.kind === Kind.INLINE_FRAGMENT
          ? keysOf(selection.selectionSet)
          : [],
    );
  const roots = operation?.selectionSet.selections ?? [];
  const entities = roots.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (entities && entities.kind === Kind.FIELD) return { entities: true, keys: [...new Set(keysOf(entities.selectionSet))] };
  return { entities: false, keys: keysOf(operation?.selectionSet) };
}

/**
 * The answer of a subgraph that could not answer: no data, and an error at each field it was asked for,
 * for each entity, so the gateway places them at the client's paths (a subgraph down nulls only what it
 * contributes, never the whole answer; Apollo Router does the same).
 */
function unavailableAnswer(
  request: { query?: string; variables?: Record<string, unknown> },
  code: string,
  refusal: Message,
  locale: Locale,
): GatewayGraphQLResponse {
  const { entities, keys } = askedKeys(request.query ?? '{ __typename }');
  // Built here, not thrown: no plugin renders it later, so it is written in the caller's language now.
  const message = textOf(refusal, locale);
  const extensions = { code, reason: refusal.code };
  if (!entities) return { errors: keys.map((key) => ({ message, path: [key], extensions })) as GraphQLFormattedError[] };
  const count = Array.isArray(request.variables?.representations) ? request.variables.representations.length : 0;
  const errors: GraphQLFormattedError[] = [];
  for (let i = 0; i < count; i++) for (const key of keys) errors.push({ message, path: ['_entities', i, key], extensions });
  return { errors };
}

const MESSAGES = {
  GATEWAY_TIMEOUT: M.GATEWAY_SUBGRAPH_TIMEOUT,
  SUBGRAPH_UNAVAILABLE: M.GATEWAY_SUBGRAPH_UNAVAILABLE,
};

type Unanswered = typeof PLATFORM_ERROR_CODES.GATEWAY_TIMEOUT | typeof PLATFORM_ERROR_CODES.SUBGRAPH_UNAVAILABLE;

/** The answer without a subgraph that failed (logged): errors at the fields it owns, the rest of the answer stands. */
export function answerWithout(
  options: GraphQLDataSourceProcessOptions<FetchContext>,
  subgraph: string,
  code: Unanswered,
  error: unknown,
): GatewayGraphQLResponse {
  log.warn({ requestId: options.context?.requestId, subgraph, err: error, code }, 'subgraph fetch failed; answering without it');
  return unavailableAnswer(options.request, code, MESSAGES[code](), options.context?.locale ?? DEFAULT_LOCALE);
}

/** The principal of the operation a fetch belongs to, signed for one subgraph, once: replayed anywhere it is worth nothing. */
export function signedFor(
  options: GraphQLDataSourceProcessOptions<FetchContext>,
  audience: string,
  secret: string,
): { header: string; requestId: string } {
  const { context } = options;
  const principal = context?.principal ?? PUBLIC_PRINCIPAL;
  const requestId = context?.requestId ?? randomUUID();
  const operation = 'incomingRequestContext' in options ? (options.incomingRequestContext.operationName ?? undefined) : undefined;
  const header = signPrincipal(
    { principal, requestId, audience, issuer: 'gateway', operation, client: context?.client, locale: context?.locale },
    secret,
  );
  return { header, requestId };
}

/**
 * Every subgraph request carries the caller's principal, signed for this one subgraph, the request id and
 * the operation's deadline. A query whose connection dropped before any answer is sent once more (queries
 * are idempotent; mutations never are resent); a subgraph that stays down or late yields errors at the
 * fields it owns, not a failed operation.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<FetchContext> {
  constructor(
    url: string,
    private readonly audience: string,
    private readonly secret: string,
    subgraphTimeoutMs: number,
  ) {
    super({ url, fetcher: deadlineFetcher(subgraphTimeoutMs) as never });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<FetchContext>): void {
    const { request, context } = options;
    const { header, requestId } = signedFor(options, this.audience, this.secret);
    request.http?.headers.set(PRINCIPAL_HEADER, header);
    request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    if (context?.deadline) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
    for (const [name, value] of Object.entries(traceHeaders())) request.http?.headers.set(name, value);
  }

  override async process(options: GraphQLDataSourceProcessOptions<FetchContext>): Promise<GatewayGraphQLResponse> {
    const isQuery = !/^\s*mutation\b/.test(options.request.query ?? '');
    try {
      return await super.process(options);
    } catch (error) {
      if (!('incomingRequestContext' in options)) throw error;
      if (isQuery && isDroppedConnection(error) && !isTimeout(error)) {
        log.info(
          { requestId: options.context?.requestId, subgraph: this.audience, err: error },
          'subgraph connection dropped; asking once more',
        );
        try {
          return await super.process(options);
        } catch (again) {
          error = again;
        }
      }
      // A subgraph that answered with its own refusal (a limit, a bad request) keeps its errors.
      const refusal = (error as { extensions?: { response?: { status?: number; body?: { errors?: GraphQLFormattedError[] } } } }).extensions
        ?.response;
      if (refusal?.status && refusal.status < 500 && refusal.body?.errors?.length) return { errors: refusal.body.errors };
      const code = isTimeout(error) ? PLATFORM_ERROR_CODES.GATEWAY_TIMEOUT : PLATFORM_ERROR_CODES.SUBGRAPH_UNAVAILABLE;
      return answerWithout(options, this.audience, code, error);
    }
  }
}

/** Times each fetch from a subgraph (xt_subgraph_fetch_duration_seconds) by how it ended: ok, error, timeout, unavailable. */
export function measuredSource(subgraph: string, source: GraphQLDataSource<FetchContext>): GraphQLDataSource<FetchContext> {
  return {
    async process(options) {
      const stop = subgraphFetchDuration.startTimer({ subgraph });
      let outcome = 'error';
      try {
        const answer = await source.process(options);
        const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
        outcome = codes.includes(PLATFORM_ERROR_CODES.GATEWAY_TIMEOUT)
          ? 'timeout'
          : codes.includes(PLATFORM_ERROR_CODES.SUBGRAPH_UNAVAILABLE)
            ? 'unavailable'
            : codes.length
              ? 'error'
              : 'ok';
        return answer;
      } finally {
        stop({ outcome });
      }
    },
  };
}
