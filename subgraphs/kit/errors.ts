import { GraphQLError } from 'graphql';

/** The one error vocabulary of the platform: every client-visible failure carries one of these codes. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

function platformError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  });
}

/** Input that fails validation: names the field and the reason so a caller can fix it. */
export function badInput(field: string, reason: string): GraphQLError {
  return platformError('BAD_USER_INPUT', `${field}: ${reason}`, { field, reason });
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
