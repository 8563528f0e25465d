import cors from 'cors';
import express from 'express';
import { ConfigError, type Env } from '../subgraphs/kit/config.js';
import { PRINCIPAL_HEADER, PUBLIC_PRINCIPAL, signPrincipal, type Principal } from '../subgraphs/kit/principal.js';

export interface PortalConfig {
  /** Browser origins allowed to call the gateway (CORS); none by default. */
  origins: string[];
  /** Root fields a public client address may ask per minute. */
  fieldsPerMinute: number;
}

/** PORTAL_ORIGINS (comma-separated origins of the portal's pages) and PORTAL_RATE_LIMIT (root fields per minute per address). */
export function loadPortalConfig(env: Env = process.env): PortalConfig {
  const origins = (env.PORTAL_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new ConfigError(
        `PORTAL_ORIGINS must list origins like https://www.tccredit.gov.cn (scheme and host, no path), got "${origin}"`,
      );
  }
  const raw = env.PORTAL_RATE_LIMIT ?? '120';
  const fieldsPerMinute = Number(raw);
  if (!Number.isInteger(fieldsPerMinute) || fieldsPerMinute < 1)
    throw new ConfigError(`PORTAL_RATE_LIMIT must be a positive whole number of requests per minute, got "${raw}"`);
  return { origins, fieldsPerMinute };
}

/** Only the listed origins get CORS headers; everything else is answered without them, so browsers refuse it. */
export function portalCors(config: PortalConfig) {
  return cors({
    origin: config.origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-request-id'],
    maxAge: 600,
  });
}

/** What the reports service publishes: a report by number as HTML or PDF, the verification page, its font. */
const DOCUMENT_PATHS = /^\/(?:TCXY\d{8}[0-9A-Z]{8}\.(?:html|pdf)|verify|assets\/NotoSansHans-Regular\.otf)$/;

const FORWARDED_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'x-key-id', 'retry-after'];

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
    // Only the documents themselves: a path that would leave them (%2e%2e, //, anything else) is not found.
    const document = target === 'key' ? '/key.pem' : req.path.replace(/^\/reports/, '');
    if (target !== 'key' && !DOCUMENT_PATHS.test(document)) {
      res.status(404).type('text').send('没有这个报告文件（no such report document）');
      return;
    }
    let principal = PUBLIC_PRINCIPAL;
    try {
      principal = await authenticate(req);
    } catch (error) {
      res
        .status(401)
        .type('text')
        .send((error as Error).message);
      return;
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const path = `/documents${document}`;
    const upstream = await fetch(`${origin}${path}${query}`, {
      method: req.method,
      headers: {
        [PRINCIPAL_HEADER]: signPrincipal(
          { principal, requestId: requestIdOf(req), audience: 'reports', issuer: 'gateway', operation: 'report document', client: req.ip },
          internalSecret,
        ),
        ...(req.method === 'POST' ? { 'content-type': 'application/octet-stream' } : {}),
      },
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
