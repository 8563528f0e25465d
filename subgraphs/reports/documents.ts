import express from 'express';
import { AuditCollector, type AuditLog } from '../kit/audit.js';
import { acceptPrincipal, PRINCIPAL_HEADER, REQUEST_ID_HEADER } from '../kit/principal.js';
import type { ReplayGuard } from '../kit/replay.js';
import { log } from '../kit/log.js';
import { PLATFORM_ERROR_CODES } from '../kit/errors.js';
import { DEFAULT_LOCALE, negotiateLocale, textOf, type Locale, type Message } from '../kit/messages.js';
import { createRateLimiter, type LimitStore } from '../kit/rate-limit.js';
import type { Issuer } from './issue.js';
import { signedReport } from './issue.js';
import { mayReadReport } from './policy.js';
import { renderHtml } from './render-html.js';
import { FONT_FILE } from './render-pdf.js';
import type { SigningKey } from './signing.js';
import { checkDocument, verifyNumber } from './verify.js';
import { verificationPage } from './verify-page.js';
import { REPORTS_MESSAGES as M } from './messages.js';

const NUMBER = /^TCXY\d{8}[0-9A-Z]{8}$/;
/**
 * The language of a refusal these routes answer (JSON `error`, plain text): the request's own Accept-Language,
 * else the one signed with the caller's principal, else Chinese. The verification page is Chinese whatever is asked.
 */
function localeOf(req: express.Request, signed?: Locale): Locale {
  const header = req.header('accept-language');
  return header ? negotiateLocale(header) : (signed ?? DEFAULT_LOCALE);
}

/** A refusal's fields in a JSON answer: the text in `locale`, the platform's `code` and the message's `reason`. */
function refusal(message: Message, locale: Locale, code: string) {
  return { error: textOf(message, locale), code, reason: message.code };
}

function refuseInText(res: express.Response, status: number, message: Message, locale: Locale): void {
  res.status(status).type('text').setHeader('content-language', locale).send(textOf(message, locale));
}

/** Uploaded copies checked per client address and hour (a bank officer checks a few; a script, thousands). */
export const FILE_CHECKS_PER_HOUR = 60;

/**
 * The report documents, served under /documents and published by the gateway under /reports: HTML and
 * PDF by number, the font, the public key, and the verification page (验真).
 */
export function documentRoutes(
  issuer: Issuer,
  key: SigningKey,
  internalSecret: string,
  base: () => string,
  replays: ReplayGuard,
  limits: LimitStore,
) {
  const fileChecks = createRateLimiter(limits, { name: 'report-file-checks', points: FILE_CHECKS_PER_HOUR, windowMs: 3600_000 });
  return (app: express.Express, audit: AuditLog): void => {
    const router = express.Router();

    router.get('/assets/NotoSansHans-Regular.otf', (_req, res) => {
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.sendFile(FONT_FILE);
    });
    router.get('/key.pem', (_req, res) => {
      res.type('application/x-pem-file').setHeader('x-key-id', key.keyId);
      res.send(key.publicKeyPem);
    });
    router.get('/verify', async (req, res) => {
      const number = typeof req.query.number === 'string' ? req.query.number.trim().toUpperCase() : '';
      const result = NUMBER.test(number) ? await verifyNumber(number, await issuer.byNumber(number), key, base()) : null;
      res.type('html').send(verificationPage(number, result, key));
    });
    router.post('/verify', express.raw({ type: () => true, limit: '10mb' }), async (req, res) => {
      // Reading a file's pages and QR codes costs about a second: checks are counted per client address.
      const verified = await acceptPrincipal(req.header(PRINCIPAL_HEADER), internalSecret, 'reports', replays);
      const locale = localeOf(req, verified?.locale);
      const decision = await fileChecks.consume(verified?.client ?? 'unknown');
      if (!decision.allowed) {
        const seconds = Math.ceil(decision.retryAfterMs / 1000);
        res.status(429).setHeader('retry-after', String(seconds));
        res.setHeader('content-language', locale);
        res.json({
          ...refusal(M.REPORTS_FILE_CHECKS_TOO_MANY({ seconds }), locale, PLATFORM_ERROR_CODES.RATE_LIMITED),
          retryAfterSeconds: seconds,
        });
        return;
      }
      const number = typeof req.query.number === 'string' ? req.query.number.trim().toUpperCase() : '';
      const row = NUMBER.test(number) ? await issuer.byNumber(number) : undefined;
      const registered = await verifyNumber(number, row, key, base());
      if (!row || !Buffer.isBuffer(req.body) || !req.body.length) {
        const [status, refused] = row
          ? [400, refusal(M.REPORTS_VERIFY_DOCUMENT_MISSING(), locale, 'BAD_USER_INPUT')]
          : [404, refusal(M.REPORTS_VERIFY_NUMBER_UNKNOWN(), locale, PLATFORM_ERROR_CODES.NOT_FOUND)];
        res
          .status(status)
          .setHeader('content-language', locale)
          .json({ ...registered, ...refused });
        return;
      }
      const document = await checkDocument(row, req.body, base());
      res.json({ ...registered, ...document, unaltered: registered.authentic && (document.identical || document.contentMatches) });
    });
    router.get('/:file', async (req, res) => {
      const match = /^(TCXY\d{8}[0-9A-Z]{8})\.(html|pdf)$/.exec(String(req.params.file));
      const [number, format] = [match?.[1] ?? '', match?.[2] ?? ''];
      const row = match ? await issuer.byNumber(number) : undefined;
      // Checked once per request: the header is single-use.
      const verified = await acceptPrincipal(req.header(PRINCIPAL_HEADER), internalSecret, 'reports', replays);
      if (!row || !mayReadReport(row.audience, row.subjectId, verified?.principal ?? null)) {
        refuseInText(res, 404, M.REPORTS_DOCUMENT_UNAVAILABLE(), localeOf(req, verified?.locale));
        return;
      }
      // A full or special report is non-public data: its reading is traced like any other (no trace, no document).
      if (row.audience !== 'PUBLIC' && verified) {
        const collector = new AuditCollector(verified.principal, verified.requestId, `report document ${format}`);
        collector.note('CREDIT_REPORT', [row.subjectId]);
        await audit.append(collector.entries());
      }
      res.setHeader('cache-control', 'private, no-store');
      if (format === 'pdf') {
        res.type('application/pdf').setHeader('content-disposition', `inline; filename="${number}.pdf"`);
        res.send(row.pdf);
      } else {
        res.type('html').send(await renderHtml(signedReport(row, base()), `${base()}/reports/assets`));
      }
    });
    router.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
      log.error({ err: error, requestId: req.header(REQUEST_ID_HEADER) }, 'report document request failed');
      refuseInText(res, 500, M.REPORTS_DOCUMENT_FAILED(), localeOf(req));
    });
    app.use('/documents', router);
  };
}
