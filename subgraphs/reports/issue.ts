import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describePrincipal } from '../kit/audit.js';
import type { Db } from '../kit/db.js';
import { forbidden, notFound } from '../kit/errors.js';
import { PUBLIC_PRINCIPAL } from '../kit/principal.js';
import { createRateLimiter, rateLimited, type LimitStore } from '../kit/rate-limit.js';
import type { RequestScope } from '../kit/service.js';
import type { AuditCollector } from '../kit/audit.js';
import { chinaToday } from '../kit/time.js';
import { buildContent, CompositionError, fetchReportData } from './compose.js';
import { renderPdf, type SignedReport } from './render-pdf.js';
import { canonicalJson, sha256Hex, signCanonical, type SigningKey } from './signing.js';
import { creditReports, type CreditReportRow } from './tables.js';
import { can, isSelf } from '../kit/access.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** TCXY + the day + 8 random characters: unguessable, since a public report's number is all it takes to fetch it. */
export function reportNumber(day: string): string {
  const random = [...randomBytes(8)].map((byte) => CROCKFORD[byte % 32]).join('');
  return `TCXY${day.replaceAll('-', '')}${random}`;
}

/** Report URLs under the gateway's public address (PUBLIC_BASE_URL, or the gateway's own). */
export function linksFor(row: Pick<CreditReportRow, 'number'>, base: string) {
  return {
    htmlUrl: `${base}/reports/${row.number}.html`,
    pdfUrl: `${base}/reports/${row.number}.pdf`,
    verifyUrl: `${base}/reports/verify?number=${row.number}`,
  };
}

/** Rebuilds what the renderers need from a stored row. */
export function signedReport(row: CreditReportRow, base: string): SignedReport {
  return { content: JSON.parse(row.canonical), canonical: row.canonical, signature: row.signature, keyId: row.keyId, verifyUrl: linksFor(row, base).verifyUrl };
}

/** Issues at most one report per subject, audience and day: asking again the same day returns the same report. */
export function createIssuer(db: Db, deps: { key: SigningKey; internalSecret: string; gatewayUrl: () => string; base: () => string; limits: LimitStore }) {
  // Composing a report runs a whole federated query and renders a PDF: 30 an hour per client address.
  const limiter = createRateLimiter(deps.limits, { name: 'reports-issued', points: 30, windowMs: 3600_000 });
  return {
    async issue(ctx: RequestScope & { audit: AuditCollector }, subjectId: string, full: boolean): Promise<CreditReportRow> {
      const { principal } = ctx;
      if (full && !(can(principal, 'readFullReports') || isSelf(principal, subjectId))) {
        throw forbidden('the full report is issued to the subject itself (and the credit office); anyone may have the public one');
      }
      const audience = full ? 'SUBJECT' : 'PUBLIC';
      const today = chinaToday();
      const findToday = async () =>
        (await db.select().from(creditReports).where(and(eq(creditReports.subjectId, subjectId), eq(creditReports.audience, audience), eq(creditReports.issuedOn, today))))[0];
      const existing = await findToday();
      if (existing) return existing;
      const client = `${ctx.client ?? 'unknown'}`;
      const decision = await limiter.consume(client);
      if (!decision.allowed) throw rateLimited('本地址新开具的信用报告过多（too many new reports from this address）', decision.retryAfterMs);
      const issuedAt = new Date();
      const number = reportNumber(today);
      // A public report is composed as the public sees it, whoever asks: it can hold nothing non-public.
      const reader = full ? principal : PUBLIC_PRINCIPAL;
      let subject;
      try {
        subject = await fetchReportData(deps.gatewayUrl(), deps.internalSecret, reader, subjectId, full, ctx.requestId, ctx.client);
      } catch (error) {
        if (error instanceof CompositionError) throw forbidden(error.message);
        throw error;
      }
      if (!subject) throw notFound(full ? `subject ${subjectId}` : `organisation ${subjectId} with a public credit file`);
      const content = buildContent(subject, { number, audience, issuedAt });
      const canonical = canonicalJson(content);
      const signature = signCanonical(canonical, deps.key);
      const pdf = await renderPdf({ content, canonical, signature, keyId: deps.key.keyId, verifyUrl: linksFor({ number }, deps.base()).verifyUrl });
      const [row] = await db
        .insert(creditReports)
        .values({ number, subjectId, audience, issuedAt, issuedOn: today, canonical, signature, keyId: deps.key.keyId, pdf, pdfSha256: sha256Hex(pdf), issuedTo: describePrincipal(principal) })
        .onConflictDoNothing()
        .returning();
      if (full) ctx.audit.note('CREDIT_REPORT', [subjectId], 'MUTATION');
      return row ?? (await findToday())!;
    },

    async byNumber(number: string): Promise<CreditReportRow | undefined> {
      return (await db.select().from(creditReports).where(eq(creditReports.number, number)))[0];
    },
  };
}

export type Issuer = ReturnType<typeof createIssuer>;
