import { randomBytes } from 'node:crypto';
import { describePrincipal } from '../kit/audit.js';
import type { GraphQLError } from 'graphql';
import { forbidden, notFound } from '../kit/errors.js';
import { attachMessage, type Message } from '../kit/messages.js';
import { PUBLIC_PRINCIPAL } from '../kit/principal.js';
import { createRateLimiter, rateLimited, type LimitStore } from '../kit/rate-limit.js';
import type { RequestScope } from '../kit/service.js';
import type { AuditCollector } from '../kit/audit.js';
import { chinaToday } from '../kit/time.js';
import { buildContent, CompositionError, fetchReportData, type Audience, type ReportContent } from './compose.js';
import { REPORTS_MESSAGES as M } from './messages.js';
import { mayHaveFullReport } from './policy.js';
import type { SpecialRequest } from './special.js';
import { renderPdf, type SignedReport } from './render-pdf.js';
import type { IssuedReport, ReportStore } from './report-store.js';
import { canonicalJson, sha256Hex, signCanonical, type SigningKey } from './signing.js';
import type { CreditReportRow } from './tables.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** TCXY + the day + 8 random characters: unguessable, since a public report's number is all it takes to fetch it. */
export function reportNumber(day: string): string {
  const random = [...randomBytes(8)].map((byte) => CROCKFORD[byte % 32]).join('');
  return `TCXY${day.replaceAll('-', '')}${random}`;
}

/**
 * The kit's RATE_LIMITED refusal (code, retryAfterSeconds, the gateway's 429) carrying this subgraph's message:
 * rendered in the caller's language, its code as `extensions.reason`.
 */
function tooMany(message: (seconds: number) => Message, retryAfterMs: number): GraphQLError {
  const text = message(Math.ceil(retryAfterMs / 1000));
  const error = rateLimited(text.zh, retryAfterMs);
  error.message = text.zh;
  (error.extensions as Record<string, unknown>).reason = text.code;
  return attachMessage(error, text);
}

/** Report URLs under the gateway's public address (PUBLIC_BASE_URL, or the gateway's own). */
export function linksFor(row: Pick<CreditReportRow, 'number'>, base: string) {
  return {
    htmlUrl: `${base}/reports/${row.number}.html`,
    pdfUrl: `${base}/reports/${row.number}.pdf`,
    verifyUrl: `${base}/reports/verify?number=${row.number}`,
  };
}

/** An issued report as the API answers for it: the row and where to get its documents. */
export const reportView = (row: IssuedReport, base: string) => ({ ...row, ...linksFor(row, base) });

/**
 * What a report says of the file: the SHA-256 of its canonical content without the number and the time of
 * issue. Two asks with the same digest got the same report content; any change to a record, a listing,
 * the rules or the format shown changes it.
 */
export function contentDigest(content: ReportContent): string {
  const { number: _number, issuedAt: _issuedAt, ...said } = content;
  return sha256Hex(canonicalJson(said));
}

/** Whether a newer report of the same subject and audience exists; which and when only for organisations. */
export interface Supersession {
  superseded: boolean;
  latestNumber: string | null;
  latestIssuedAt: Date | null;
}

/** A stored report as the register answers for it: the row, and whether it is still the latest. */
export type StoredReport = CreditReportRow & { supersession: Supersession };

/** Rebuilds what the renderers need from a stored row. */
export function signedReport(row: CreditReportRow, base: string): SignedReport {
  return {
    content: JSON.parse(row.canonical),
    canonical: row.canonical,
    signature: row.signature,
    keyId: row.keyId,
    verifyUrl: linksFor(row, base).verifyUrl,
  };
}

/**
 * Issues reports that state the file as it is when asked: every ask composes the content, and today's
 * latest report of the subject and audience is reused only when it says exactly the same (the content
 * digest); otherwise a new number is issued, and the older one verifies as superseded.
 */
export function createIssuer(
  store: ReportStore,
  deps: { key: SigningKey; internalSecret: string; gatewayUrl: () => string; base: () => string; limits: LimitStore },
) {
  // Every ask runs the whole federated query, reused or not, so every ask counts: 120 an hour per client
  // address (no cache of the content, which would answer a changed file from before the change).
  const composing = createRateLimiter(deps.limits, { name: 'reports-composed', points: 120, windowMs: 3600_000 });
  // A new report is also signed, rendered as a PDF and kept: 30 an hour per client address.
  const issuing = createRateLimiter(deps.limits, { name: 'reports-issued', points: 30, windowMs: 3600_000 });
  return {
    /**
     * A report of the subject: PUBLIC (anyone), SUBJECT (the subject's own full report) or, given
     * `special`, a 专项信用报告 of chosen fields and a period; the last two only for the subject itself
     * and the credit office.
     */
    async issue(
      ctx: RequestScope & { audit: AuditCollector },
      subjectId: string,
      full: boolean,
      special?: SpecialRequest,
    ): Promise<IssuedReport> {
      const { principal } = ctx;
      if ((full || special) && !mayHaveFullReport(principal, subjectId)) {
        throw forbidden(special ? M.REPORTS_SPECIAL_REPORT_SELF_ONLY() : M.REPORTS_FULL_REPORT_SELF_ONLY());
      }
      const audience: Audience = special ? 'SPECIAL' : full ? 'SUBJECT' : 'PUBLIC';
      const scope = special?.scope ?? null;
      const series = { subjectId, audience, scope };
      const own = audience !== 'PUBLIC';
      const client = `${ctx.client ?? 'unknown'}`;
      const asked = await composing.consume(client);
      if (!asked.allowed) throw tooMany((seconds) => M.REPORTS_TOO_MANY_REPORT_REQUESTS({ seconds }), asked.retryAfterMs);
      // A public report is composed as the public sees it, whoever asks: it can hold nothing non-public.
      const reader = own ? principal : PUBLIC_PRINCIPAL;
      let subject;
      try {
        subject = await fetchReportData(deps.gatewayUrl(), deps.internalSecret, reader, subjectId, own, ctx.requestId, ctx.client);
      } catch (error) {
        if (error instanceof CompositionError) throw forbidden(M.REPORTS_DATA_UNREADABLE({ detail: error.detail }));
        throw error;
      }
      if (!subject)
        throw notFound(own ? M.REPORTS_SUBJECT_NOT_FOUND({ id: subjectId }) : M.REPORTS_PUBLIC_FILE_NOT_FOUND({ id: subjectId }));
      // Stamped once the content is read: a report says the file as it was at its time of issue.
      const issuedAt = new Date();
      const today = chinaToday(issuedAt);
      const number = reportNumber(today);
      const content = buildContent(subject, { number, audience, issuedAt, special });
      const digest = contentDigest(content);
      // The same content on the same day: the same report. After any change (a record added, repaired,
      // withdrawn or corrected, a listing started or ended), or on another day: a new one.
      const reusable = (latest: IssuedReport | undefined) => !!latest && latest.issuedOn === today && latest.contentSha256 === digest;
      const current = await store.latest(series);
      if (reusable(current)) return current!;
      const decision = await issuing.consume(client);
      if (!decision.allowed) throw tooMany((seconds) => M.REPORTS_TOO_MANY_NEW_REPORTS({ seconds }), decision.retryAfterMs);
      const canonical = canonicalJson(content);
      const signature = signCanonical(canonical, deps.key);
      const pdf = await renderPdf({
        content,
        canonical,
        signature,
        keyId: deps.key.keyId,
        verifyUrl: linksFor({ number }, deps.base()).verifyUrl,
      });
      const row = await store.exclusively(series, async (locked) => {
        // Under the lock of the subject and audience, asked again: two asks at once with the same content
        // issue one number, and the latest report is always the last kept. One composed after this one and
        // kept meanwhile is at least as fresh: it is the answer.
        const latest = await locked.latest();
        if (latest && (reusable(latest) || latest.issuedAt > issuedAt)) return latest;
        return locked.keep({
          number,
          subjectId,
          audience,
          scope,
          issuedAt,
          issuedOn: today,
          canonical,
          contentSha256: digest,
          signature,
          keyId: deps.key.keyId,
          pdf,
          pdfSha256: sha256Hex(pdf),
          issuedTo: describePrincipal(principal),
        });
      });
      if (own && row.number === number) ctx.audit.note('CREDIT_REPORT', [subjectId], 'MUTATION');
      return row;
    },

    /** A report by number, with whether a newer one of the same subject and audience exists. */
    async byNumber(number: string): Promise<StoredReport | undefined> {
      const row = await store.byNumber(number);
      if (!row) return undefined;
      const latest = await store.latest({ subjectId: row.subjectId, audience: row.audience, scope: row.scope });
      const superseded = !!latest && latest.number !== row.number;
      // A person's report says only that a newer one exists: never which or when, to whoever holds a number.
      const person = (JSON.parse(row.canonical) as ReportContent).subject.kind === 'NATURAL_PERSON';
      const told = superseded && !person ? latest : undefined;
      return { ...row, supersession: { superseded, latestNumber: told?.number ?? null, latestIssuedAt: told?.issuedAt ?? null } };
    },
  };
}

export type Issuer = ReturnType<typeof createIssuer>;
