/**
 * Hive Gateway doing what the project's gateway does for every subgraph fetch (gateway/data-source.ts,
 * SignedDataSource): the caller authenticated by the same authenticator (gateway/auth.ts), and its principal
 * signed for the one subgraph fetched, once, with the request id, the client's operation name and address.
 * Without it the subgraphs answer Hive with 401 and nothing else, so the comparison would not be one.
 */
import type { IncomingMessage } from 'node:http';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import type { Authenticate } from '../../gateway/auth.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, signPrincipal, type Principal } from '../../subgraphs/kit/principal.js';

export interface SignedPrincipalOptions {
  /** INTERNAL_SECRET, the one the subgraphs verify with. */
  internalSecret: string;
  /** Credentials (x-api-key or Authorization) → principal; none is PUBLIC, a bad one is refused with 401. */
  authenticate: Authenticate;
}

interface Caller {
  principal: Principal;
  requestId: string;
  client: string;
}

/** The same rule as gateway/context.ts requestIdOf: the caller's id when it is a sane one, else a fresh one. */
function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && /^[\w.-]{8,64}$/.test(given) ? given : crypto.randomUUID();
}

export function useSignedPrincipal(options: SignedPrincipalOptions): GatewayPlugin {
  // Per request, keyed by the request itself: nothing outlives it.
  const callers = new WeakMap<Request, Caller>();
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      const headers = request.headers;
      try {
        const principal = await options.authenticate({
          apiKey: headers.get('x-api-key') ?? undefined,
          authorization: headers.get('authorization') ?? undefined,
        });
        // The express gateway signs req.ip; without a trusted proxy that is the socket's address too.
        const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
        callers.set(request, { principal, requestId: requestIdOf(headers), client: req?.socket.remoteAddress ?? 'unknown' });
      } catch (error) {
        // As the project's gateway answers bad credentials: 401, never a silent downgrade to PUBLIC.
        const body = { errors: [{ message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] };
        endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 401, headers: { 'content-type': 'application/json' } }));
      }
    },
    onFetch({ executionRequest, options: init, setOptions, context }) {
      const request = 'request' in context ? (context.request as Request) : undefined;
      const caller = request ? callers.get(request) : undefined;
      const audience = executionRequest?.subgraphName;
      // Not a subgraph fetch of a client's request: it goes unsigned, and a subgraph refuses it.
      if (!caller || !audience) return;
      const params = (context as { params?: { operationName?: string | null } }).params;
      const header = signPrincipal(
        {
          principal: caller.principal,
          requestId: caller.requestId,
          audience,
          issuer: 'gateway',
          operation: params?.operationName ?? undefined,
          client: caller.client,
        },
        options.internalSecret,
      );
      setOptions({ ...init, headers: { ...init.headers, [PRINCIPAL_HEADER]: header, [REQUEST_ID_HEADER]: caller.requestId } });
    },
  };
}
