import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import express from 'express';
import { Kind } from 'graphql';
import { ConfigError, type Env } from '../subgraphs/kit/config.js';
import { forbidden } from '../subgraphs/kit/errors.js';
import { PRINCIPAL_HEADER, PUBLIC_PRINCIPAL, signPrincipal, type Principal } from '../subgraphs/kit/principal.js';
import { createFailureLimiter } from '../subgraphs/kit/rate-limit.js';
import type { GatewayContext } from './server.js';

export interface PortalConfig {
  /** Browser origins allowed to call the gateway (CORS); none by default. */
  origins: string[];
  /** Root fields a public client address may ask per minute. */
  fieldsPerMinute: number;
}

/** PORTAL_ORIGINS (comma-separated origins of the portal's pages) and PORTAL_RATE_LIMIT (root fields per minute per address). */
export function loadPortalConfig(env: Env = process.env): PortalConfig {
  const origins = (env.PORTAL_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError(`PORTAL_ORIGINS must list origins like https://www.tccredit.gov.cn (scheme and host, no path), got "${origin}"`);
  }
  const raw = env.PORTAL_RATE_LIMIT ?? '120';
  const fieldsPerMinute = Number(raw);
  if (!Number.isInteger(fieldsPerMinute) || fieldsPerMinute < 1) throw new ConfigError(`PORTAL_RATE_LIMIT must be a positive whole number of requests per minute, got "${raw}"`);
  return { origins, fieldsPerMinute };
}

/** Only the listed origins get CORS headers; everything else is answered without them, so browsers refuse it. */
export function portalCors(config: PortalConfig) {
  return cors({ origin: config.origins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-request-id'], maxAge: 600 });
}

/**
 * Per client address, the portal's public queries (search, public files, disclosures, exemplars,
 * progress by number and code, self-service reports) share a budget of root fields per minute.
 * Member units and other authenticated callers are not counted here.
 */
export function portalRateLimit(config: PortalConfig): ApolloServerPlugin<GatewayContext> {
  const limiter = createFailureLimiter({ limit: config.fieldsPerMinute, windowMs: 60_000 });
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ operation }) {
          if (contextValue.principal.role !== 'PUBLIC') return;
          const fields = (operation?.selectionSet.selections ?? []).filter((selection) => selection.kind === Kind.FIELD && !selection.name.value.startsWith('__'));
          const until = limiter.blockedUntil(contextValue.client);
          if (until) throw forbidden(`too many requests from this address; try again after ${until.toISOString()}`);
          for (let i = 0; i < fields.length; i++) limiter.fail(contextValue.client);
        },
      };
    },
  };
}

const FORWARDED_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'x-key-id'];

/** Publishes the reports service's documents at the gateway's stable URLs, with the caller's principal signed. */
export function reportRoutes(
  app: express.Express,
  reportsGraphqlUrl: string,
  internalSecret: string,
  authenticate: (req: express.Request) => Promise<Principal>,
  requestIdOf: (req: express.Request) => string,
) {
  const origin = new URL(reportsGraphqlUrl).origin;
  const forward = (target: string) => async (req: express.Request, res: express.Response) => {
    let principal = PUBLIC_PRINCIPAL;
    try {
      principal = await authenticate(req);
    } catch (error) {
      res.status(401).type('text').send((error as Error).message);
      return;
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const path = target === 'key' ? '/documents/key.pem' : `/documents${req.path.replace(/^\/reports/, '')}`;
    const upstream = await fetch(`${origin}${path}${query}`, {
      method: req.method,
      headers: { [PRINCIPAL_HEADER]: signPrincipal(principal, requestIdOf(req), internalSecret, Date.now(), 'report document', req.ip), ...(req.method === 'POST' ? { 'content-type': 'application/octet-stream' } : {}) },
      body: req.method === 'POST' && Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : undefined,
    });
    res.status(upstream.status);
    for (const name of FORWARDED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    res.send(Buffer.from(await upstream.arrayBuffer()));
  };
  app.get('/.well-known/credit-report-key.pem', forward('key'));
  app.use('/reports', express.raw({ type: () => true, limit: '10mb' }));
  app.get('/reports/{*path}', forward('documents'));
  app.post('/reports/verify', forward('documents'));
}
