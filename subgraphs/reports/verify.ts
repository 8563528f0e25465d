import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ReportContent } from './compose.js';
import { containsBlocks, reportBlocks } from './layout.js';
import { renderHtml } from './render-html.js';
import { sha256Hex, verifyCanonical, type SigningKey } from './signing.js';
import type { CreditReportRow } from './tables.js';
import { signedReport } from './issue.js';

export interface Verification {
  number: string;
  found: boolean;
  authentic: boolean;
  unaltered: boolean | null;
  issuedAt: Date | null;
  audience: string | null;
  subjectName: string | null;
  subjectCode: string | null;
}

/** What the register says of a number: issued or not, the signature intact, and (given a digest) the document the same. */
export async function verifyNumber(number: string, row: CreditReportRow | undefined, key: SigningKey, base: string, sha256?: string | null): Promise<Verification> {
  if (!row) return { number, found: false, authentic: false, unaltered: sha256 ? false : null, issuedAt: null, audience: null, subjectName: null, subjectCode: null };
  const content = JSON.parse(row.canonical) as ReportContent;
  const isPerson = content.subject.kind === 'NATURAL_PERSON';
  const digest = sha256?.trim().toLowerCase();
  const htmlDigest = digest ? sha256Hex(await renderHtml(signedReport(row, base), `${base}/reports/assets`)) : null;
  return {
    number,
    found: true,
    authentic: verifyCanonical(row.canonical, row.signature, key.publicKey) && content.number === row.number,
    unaltered: digest ? digest === row.pdfSha256 || digest === htmlDigest : null,
    issuedAt: row.issuedAt,
    audience: row.audience,
    // A person's name is not told to whoever holds a number.
    subjectName: isPerson ? null : String(content.subject.name ?? ''),
    subjectCode: isPerson ? null : ((content.subject.creditCode as string | null) ?? null),
  };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const text = await (await pdf.getPage(i)).getTextContent();
    pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await pdf.destroy();
  return pages.join('');
}

const htmlText = (html: string): string => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m]!);

/**
 * Checks a document someone holds against the register: identical to what was issued (same bytes), or
 * at least saying everything the signed report says, in order (a copy printed from the browser).
 */
export async function checkDocument(row: CreditReportRow, bytes: Buffer, base: string) {
  const digest = sha256Hex(bytes);
  const report = signedReport(row, base);
  const identical = digest === row.pdfSha256 || digest === sha256Hex(await renderHtml(report, `${base}/reports/assets`));
  let text: string | null = null;
  try {
    text = bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? await pdfText(bytes) : htmlText(bytes.toString('utf8'));
  } catch {
    text = null;
  }
  const match = text === null ? { ok: false, missing: null } : containsBlocks(text, reportBlocks(report.content, report.verifyUrl));
  return { sha256: digest, identical, contentMatches: match.ok, firstDifference: match.missing, readable: text !== null };
}
