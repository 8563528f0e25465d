import { randomUUID } from 'node:crypto';
import type express from 'express';
import { unauthenticated } from '../subgraphs/kit/errors.js';
import { log } from '../subgraphs/kit/log.js';
import { localisedText, negotiateLocale } from '../subgraphs/kit/messages.js';
import { acceptPrincipal, DELEGATION_HEADER, REQUEST_ID_HEADER } from '../subgraphs/kit/principal.js';
import type { ReplayGuard } from '../subgraphs/kit/replay.js';
import type { Authenticate } from './auth.js';
import type { FetchContext } from './data-source.js';

/** What the gateway knows of a request: who asks, its id, the client address and its deadline. */
export type GatewayContext = FetchContext;

const requestIds = new WeakMap<express.Request, string>();

/** The request's id: the client's own when well formed, else one made here — once, so the header, logs and subgraphs agree. */
export function requestIdOf(req: express.Request): string {
  let id = requestIds.get(req);
  if (!id) {
    const header = req.header(REQUEST_ID_HEADER);
    id = header && /^[\w.-]{8,64}$/.test(header) ? header : randomUUID();
    requestIds.set(req, id);
  }
  return id;
}

/** The request's credentials (API key or bearer token) as a principal: none is PUBLIC, a bad one is refused. */
export function authenticateRequest(authenticate: Authenticate) {
  return (req: express.Request) => authenticate({ apiKey: req.header('x-api-key'), authorization: req.header('authorization') });
}

/**
 * The context of one GraphQL request: the principal its credentials name, or — for the reports service
 * composing a report as its reader — the principal reports delegated, signed for the gateway and used once.
 */
export function gatewayContext(options: {
  authenticate: Authenticate;
  internalSecret: string;
  replays: ReplayGuard;
  requestTimeoutMs: number;
}): (args: { req: express.Request }) => Promise<GatewayContext> {
  const authenticate = authenticateRequest(options.authenticate);
  return async ({ req }) => {
    const deadline = Date.now() + options.requestTimeoutMs;
    const delegation = req.header(DELEGATION_HEADER);
    if (delegation !== undefined) {
      const delegated = await acceptPrincipal(delegation, options.internalSecret, 'gateway', options.replays);
      if (!delegated || delegated.issuer !== 'reports')
        throw unauthenticated('x-credit-delegation is not a valid delegation for the gateway');
      if (req.header('x-api-key') !== undefined || req.header('authorization') !== undefined)
        throw unauthenticated('a delegated request carries no credential of its own');
      return {
        principal: delegated.principal,
        requestId: delegated.requestId,
        client: delegated.client,
        deadline,
        locale: delegated.locale,
      };
    }
    const requestId = requestIdOf(req);
    const locale = negotiateLocale(req.header('accept-language'));
    try {
      const principal = await authenticate(req);
      return { principal, requestId, client: req.ip ?? req.socket.remoteAddress ?? 'unknown', deadline, locale };
    } catch (error) {
      log.info({
        requestId,
        principal: null,
        operation: req.body?.operationName ?? null,
        outcome: 'unauthenticated',
        reason: (error as Error).message,
      });
      // No context exists yet for localisedErrorsPlugin: the refusal is put in the caller's language here.
      const text = localisedText(error, locale);
      if (text !== undefined) (error as Error).message = text;
      throw error;
    }
  };
}
