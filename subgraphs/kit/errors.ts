import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { attachMessage, type Message } from './messages.js';

/**
 * The one error vocabulary of the platform: Apollo Server's own codes (parse, validation, BAD_USER_INPUT…) and
 * these. Every client-visible failure carries one of them; anything else reaches a client as INTERNAL_SERVER_ERROR.
 */
export const PLATFORM_ERROR_CODES = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  CONFLICT: 'CONFLICT',
  /** Refused for frequency (HTTP 429 with Retry-After at the gateway). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The gateway gave up on a subgraph fetch at its deadline. */
  GATEWAY_TIMEOUT: 'GATEWAY_TIMEOUT',
  /** A subgraph could not be reached: the fields it owns are null, the rest of the answer stands. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
} as const;

export type ErrorCode = typeof ApolloServerErrorCode.BAD_USER_INPUT | (typeof PLATFORM_ERROR_CODES)[keyof typeof PLATFORM_ERROR_CODES];

/** Codes a client may see as they are (operation limits add their own, kit/operation-limits.ts). */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.values(PLATFORM_ERROR_CODES),
  ...Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
]);

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

/**
 * A person-facing refusal: the text is the message's Chinese (English on request, kit/messages.ts) and
 * `extensions.reason` its stable code. A plain string is for texts no person reads (service-to-service refusals).
 */
export type Refusal = Message | string;

function platformError(code: ErrorCode, refusal: Refusal, extra: Record<string, unknown> = {}, prefix = ''): GraphQLError {
  const status = HTTP_STATUS[code];
  const message = typeof refusal === 'string' ? undefined : refusal;
  const error = new GraphQLError(prefix + (message ? message.zh : (refusal as string)), {
    extensions: { code, ...(message ? { reason: message.code } : {}), ...extra, ...(status ? { http: { status } } : {}) },
  });
  return message ? attachMessage(error, message, prefix) : error;
}

/** Input that fails validation: names the field and the reason so a caller can fix it. */
export function badInput(field: string, reason: Refusal): GraphQLError {
  if (typeof reason === 'string') return platformError(ApolloServerErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, { field, reason });
  return platformError(ApolloServerErrorCode.BAD_USER_INPUT, reason, { field }, `${field}: `);
}

export function notFound(what: Refusal): GraphQLError {
  return platformError('NOT_FOUND', typeof what === 'string' ? `${what} not found` : what);
}

export function forbidden(reason: Refusal): GraphQLError {
  return platformError('FORBIDDEN', reason);
}

export function unauthenticated(reason: Refusal): GraphQLError {
  return platformError('UNAUTHENTICATED', reason);
}

/** A field the caller may not read: `reason` says who may, after the field's name. */
export function refusedField(field: string, reason: Refusal): GraphQLError {
  if (typeof reason === 'string') return forbidden(`${field}: ${reason}`);
  return platformError('FORBIDDEN', reason, {}, `${field}: `);
}

/** A request the current state refuses; `extra` (e.g. `{ blockedBy }`) names what stands in the way. */
export function conflict(reason: Refusal, extra: Record<string, unknown> = {}): GraphQLError {
  return platformError('CONFLICT', reason, extra);
}
