import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

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

function platformError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  });
}

/** Input that fails validation: names the field and the reason so a caller can fix it. */
export function badInput(field: string, reason: string): GraphQLError {
  return platformError(ApolloServerErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, { field, reason });
}

export function notFound(what: string): GraphQLError {
  return platformError('NOT_FOUND', `${what} not found`);
}

export function forbidden(reason: string): GraphQLError {
  return platformError('FORBIDDEN', reason);
}

export function unauthenticated(reason: string): GraphQLError {
  return platformError('UNAUTHENTICATED', reason);
}

/** A request the current state refuses; `extra` (e.g. `{ reason, blockedBy }`) names what stands in the way. */
export function conflict(reason: string, extra: Record<string, unknown> = {}): GraphQLError {
  return platformError('CONFLICT', reason, extra);
}
