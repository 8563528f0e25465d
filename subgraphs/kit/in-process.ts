import { HeaderMap, type ApolloServer, type GraphQLRequest } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { RunningService } from './http.js';
import { PRINCIPAL_HEADER } from './principal.js';
import { withRequestSpan } from './tracing.js';

/**
 * A subgraph called by the gateway of its own process, without HTTP: the same signed principal header, checked
 * by the same code with the same replay guard, the same server and plugins (limits, the audit trail's "no
 * trace, no answer"), and the status and body HTTP would have carried — without the socket, the JSON text
 * and the parse on both sides.
 */

/** What the subgraph answers: the status and body HTTP would carry, and its cache-control header. */
export interface InProcessAnswer {
  status: number;
  body: FormattedExecutionResult;
  cacheControl?: string;
}

export interface InProcessSubgraph {
  name: string;
  /** Throws SubgraphClosedError once the subgraph is closing, as its port refuses connections then. */
  execute(request: GraphQLRequest, principalHeader: string | undefined): Promise<InProcessAnswer>;
}

/** A subgraph of this process served over HTTP and in process. */
export type ServedSubgraph = RunningService & { inProcess: InProcessSubgraph };

export class SubgraphClosedError extends Error {
  override name = 'SubgraphClosedError';
}

/**
 * The in-process entry of `server`. `contextFor` is serveSubgraph's own principal check and context (it throws
 * the refusal); `close` stops taking calls and waits up to `graceMs` for those in flight, as HTTP's close does.
 */
export function inProcessEntry<Ctx extends object>(
  name: string,
  server: ApolloServer<Ctx>,
  contextFor: (principalHeader: string | undefined) => Promise<Ctx>,
): InProcessSubgraph & { close(graceMs: number): Promise<void> } {
  let closing = false;
  let inFlight = 0;
  const execute = async (request: GraphQLRequest, principalHeader: string | undefined): Promise<InProcessAnswer> => {
    const http = {
      method: 'POST',
      headers: new HeaderMap([
        ['content-type', 'application/json'],
        ...(principalHeader === undefined ? [] : ([[PRINCIPAL_HEADER, principalHeader]] as [string, string][])),
      ]),
      search: '',
      body: request,
    };
    let contextValue: Ctx;
    try {
      contextValue = await contextFor(principalHeader);
    } catch (refusal) {
      // Refusals are rare: Apollo's HTTP handling answers them, so status, message and format are HTTP's own.
      const answer = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: http, context: () => Promise.reject(refusal) });
      const text = answer.body.kind === 'complete' ? answer.body.string : '{}';
      return { status: answer.status ?? 200, body: JSON.parse(text) as FormattedExecutionResult };
    }
    const response = await server.executeOperation({ ...request, http }, { contextValue });
    // Subgraph fetches never ask for @defer or @stream; HTTP would refuse such an answer to the gateway as well.
    if (response.body.kind !== 'single') throw new Error(`${name}: an incremental answer cannot be served to the gateway`);
    // The keys the JSON text would hold: an absent `errors` is no key rather than one set to undefined.
    const { data, errors, extensions } = response.body.singleResult;
    return {
      status: response.http.status ?? 200,
      body: { ...(errors ? { errors } : {}), ...(data !== undefined ? { data } : {}), ...(extensions ? { extensions } : {}) },
      cacheControl: response.http.headers.get('cache-control'),
    };
  };
  return {
    name,
    async execute(request, principalHeader) {
      if (closing) throw new SubgraphClosedError(`the ${name} subgraph is closed`);
      inFlight += 1;
      try {
        // The gateway's trace continues here as it would over HTTP (the active context is the gateway's fetch).
        return await withRequestSpan(name, {}, async (span) => {
          try {
            return await execute(request, principalHeader);
          } finally {
            span.end();
          }
        });
      } finally {
        inFlight -= 1;
      }
    },
    async close(graceMs) {
      closing = true;
      const until = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < until) await new Promise((wait) => setTimeout(wait, 25));
    },
  };
}
