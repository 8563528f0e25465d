import { isUtf8 } from 'node:buffer';
import express from 'express';
import { ConfigError, type Env } from '../subgraphs/kit/config.js';
import { log } from '../subgraphs/kit/log.js';
import { negotiateLocale, textOf, type Message } from '../subgraphs/kit/messages.js';
import { GATEWAY_MESSAGES as M } from './messages.js';

/** Limits of the HTTP exchange itself, before GraphQL: body size and time. */
export interface RequestLimits {
  /** Largest request body in bytes (a batch of 1,000 records with long facts fits). */
  bodyBytes: number;
  /** The whole operation's deadline. */
  requestTimeoutMs: number;
  /** One subgraph fetch's deadline (never past the operation's). */
  subgraphTimeoutMs: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { bodyBytes: 5 * 1024 * 1024, requestTimeoutMs: 30_000, subgraphTimeoutMs: 15_000 };

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export function loadRequestLimits(env: Env = process.env): RequestLimits {
  return {
    bodyBytes: positive(env, 'LIMIT_BODY_BYTES', DEFAULT_REQUEST_LIMITS.bodyBytes),
    requestTimeoutMs: positive(env, 'REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_LIMITS.requestTimeoutMs),
    subgraphTimeoutMs: positive(env, 'SUBGRAPH_TIMEOUT_MS', DEFAULT_REQUEST_LIMITS.subgraphTimeoutMs),
  };
}

/** A refusal answered before GraphQL runs, in the same shape as a GraphQL error, in the caller's language, and logged. */
function refuse(
  req: express.Request,
  res: express.Response,
  requestId: string,
  status: number,
  code: string,
  message: Message,
  extra: Record<string, unknown> = {},
) {
  log.info({ requestId, principal: null, operation: null, outcome: 'refused', errorCodes: [code], status });
  // No GraphQL context exists yet (localisedErrorsPlugin never sees this): the language is negotiated here.
  const locale = negotiateLocale(req.header('accept-language'));
  res.status(status).json({ errors: [{ message: textOf(message, locale), extensions: { code, reason: message.code, ...extra } }] });
}

/**
 * JSON bodies up to the limit; a larger body is HTTP 413, malformed JSON 400, an array of operations
 * (batching, which would multiply every other limit) 400 — each with its own code.
 */
export function bodyGuard(limits: RequestLimits, requestIdOf: (req: express.Request) => string): express.RequestHandler[] {
  // Bytes that are not UTF-8 would be decoded to U+FFFD and stored altered: refused instead.
  const parse = express.json({
    limit: limits.bodyBytes,
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw Object.assign(new Error('request body is not UTF-8'), { type: 'encoding.not.utf8' });
    },
  });
  return [
    (req, res, next) =>
      parse(req, res, (error?: unknown) => {
        if (!error) return next();
        const type = (error as { type?: string }).type;
        if (type === 'encoding.not.utf8') return refuse(req, res, requestIdOf(req), 400, 'BAD_REQUEST', M.GATEWAY_BODY_NOT_UTF8());
        if (type === 'entity.too.large')
          return refuse(req, res, requestIdOf(req), 413, 'PAYLOAD_TOO_LARGE', M.GATEWAY_BODY_TOO_LARGE({ max: limits.bodyBytes }), {
            max: limits.bodyBytes,
          });
        return refuse(req, res, requestIdOf(req), 400, 'BAD_REQUEST', M.GATEWAY_BODY_NOT_JSON());
      }),
    (req, res, next) => {
      if (Array.isArray(req.body)) return refuse(req, res, requestIdOf(req), 400, 'BATCHING_NOT_ENABLED', M.GATEWAY_BATCHING_NOT_ENABLED());
      next();
    },
  ];
}
