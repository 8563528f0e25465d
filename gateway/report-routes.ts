import express from 'express';
import { localisedText, negotiateLocale, textOf } from '../subgraphs/kit/messages.js';
import { GATEWAY_MESSAGES as M } from './messages.js';
import { PRINCIPAL_HEADER, PUBLIC_PRINCIPAL, REQUEST_ID_HEADER, signPrincipal, type Principal } from '../subgraphs/kit/principal.js';

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
    // Answered here, before any GraphQL context: in the caller's language (Accept-Language).
    const locale = negotiateLocale(req.header('accept-language'));
    if (target !== 'key' && !DOCUMENT_PATHS.test(document)) {
      res.status(404).type('text').send(textOf(M.GATEWAY_REPORT_DOCUMENT_NOT_FOUND(), locale));
      return;
    }
    let principal = PUBLIC_PRINCIPAL;
    try {
      principal = await authenticate(req);
    } catch (error) {
      res
        .status(401)
        .type('text')
        .send(localisedText(error, locale) ?? (error as Error).message);
      return;
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const path = `/documents${document}`;
    const upstream = await fetch(`${origin}${path}${query}`, {
      method: req.method,
      headers: {
        [PRINCIPAL_HEADER]: signPrincipal(
          {
            principal,
            requestId: requestIdOf(req),
            audience: 'reports',
            issuer: 'gateway',
            operation: 'report document',
            client: req.ip,
            locale,
          },
          internalSecret,
        ),
        [REQUEST_ID_HEADER]: requestIdOf(req),
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
