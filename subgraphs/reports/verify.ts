import { createHash, verify, type KeyObject } from 'node:crypto';
import type { Audience, ReportContent } from './compose.js';
import { chinaDateTime } from '../kit/time.js';
import { comparable, compareText, documentTitle, pageFurniture, reportText, type Difference } from './layout.js';
import { renderHtml } from './render-html.js';
import { canonicalJson, sha256Hex, verifyCanonical, type SigningKey } from './signing.js';
import type { CreditReportRow } from './tables.js';
import { signedReport } from './issue.js';
import { qrProblem } from './qr-check.js';
import { pdfReader, PdfReaderFailed, type PageItem, type PdfCopy } from './pdf-reader.js';

export interface Verification {
  number: string;
  found: boolean;
  authentic: boolean;
  unaltered: boolean | null;
  issuedAt: Date | null;
  audience: Audience | null;
  subjectName: string | null;
  subjectCode: string | null;
  title: string | null;
  specialScope: string | null;
  /** A newer report of the same subject and audience exists; which and when for organisations only. Null when not found. */
  superseded: boolean | null;
  latestNumber: string | null;
  latestIssuedAt: Date | null;
}

/** The register's answer, and whether a newer report exists (issuer.byNumber gives the row with it). */
export async function verifyNumber(
  number: string,
  row: import('./issue.js').StoredReport | undefined,
  key: SigningKey,
  base: string,
  sha256?: string | null,
): Promise<Verification> {
  const supersession = row?.supersession ?? { superseded: null, latestNumber: null, latestIssuedAt: null };
  return { ...(await registerAnswer(number, row, key, base, sha256)), ...supersession };
}

/** What the register says of a number: issued or not, the signature intact, and (given a digest) the document the same. */
async function registerAnswer(
  number: string,
  row: CreditReportRow | undefined,
  key: SigningKey,
  base: string,
  sha256?: string | null,
): Promise<Omit<Verification, 'superseded' | 'latestNumber' | 'latestIssuedAt'>> {
  if (!row)
    return {
      number,
      found: false,
      authentic: false,
      unaltered: sha256 ? false : null,
      issuedAt: null,
      audience: null,
      subjectName: null,
      subjectCode: null,
      title: null,
      specialScope: null,
    };
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
    title: documentTitle(content),
    specialScope: content.special
      ? `${content.special.fields.map((f) => f.label).join('、')}，${content.special.from}至${content.special.to}`
      : null,
  };
}

/** A PDF copy as a reader sees it, with the attached files as Buffers. pdfjs reads it in a worker thread (pdf-reader.ts). */
type Copy = Omit<PdfCopy, 'attachments'> & { attachments: Record<string, Buffer> };

async function readPdf(bytes: Uint8Array): Promise<Copy> {
  const copy = await pdfReader.read(bytes);
  const attachments = Object.fromEntries(
    Object.entries(copy.attachments).map(([name, file]) => [name, Buffer.from(file.buffer, file.byteOffset, file.byteLength)]),
  );
  return { ...copy, attachments };
}

/** The pages' text without page furniture: whole lines in the top or bottom tenth of a page that match `furniture`. */
function pageText(copy: Copy, furniture: RegExp): string {
  return copy.pages
    .map(({ view: [, y0, , y1], items }) => {
      const band = (y1! - y0!) / 10;
      const lines = new Map<number, PageItem[]>();
      for (const item of items) {
        const y = Math.round(item.transform[5]);
        lines.set(y, [...(lines.get(y) ?? []), item]);
      }
      const dropped = new Set<PageItem>();
      for (const [y, line] of lines) {
        if ((y > y1! - band || y < y0! + band) && furniture.test(comparable(line.map((item) => item.str).join(''))))
          for (const item of line) dropped.add(item);
      }
      return items
        .filter((item) => !dropped.has(item))
        .map((item) => item.str + (item.hasEOL ? '\n' : ''))
        .join('');
    })
    .join('\n');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: '\u00a0' };
/** What a browser shows of an HTML copy: the body's text, without the head, scripts, styles, the QR code's SVG or comments. */
const htmlText = (html: string): string =>
  html
    .replace(/<head[\s\S]*?<\/head>|<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>|<!--[\s\S]*?-->/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z0-9]+);/gi, (m, name: string) =>
      name[0] === '#'
        ? String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)))
        : (ENTITIES[name.toLowerCase()] ?? m),
    );

/** An HTML copy whose text is right can still hide or restyle it: its markup must be the issued page's, up to whitespace. */
function markupDifference(copy: string, issued: string): Difference | null {
  const flat = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
  const [a, b] = [flat(issued), flat(copy)];
  if (a === b) return null;
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  const near = (text: string) => text.slice(Math.max(0, k - 20), k + 40);
  return {
    kind: 'changed',
    line: '（页面标记）',
    signed: near(a),
    found: near(b),
    description: `页面的标记（元素、样式或脚本）与出具的报告不同，显示的内容可能不同：「${near(b)}」`,
  };
}

/** A PDF that carries files must carry the signed content and its signature, and nothing else (a print carries none). */
function attachmentDifference(attachments: Record<string, Buffer>, canonical: string, signature: string): Difference | null {
  if (!Object.keys(attachments).length) return null;
  const signed: Record<string, Buffer> = {
    'report.json': Buffer.from(canonical, 'utf8'),
    'report.sig': Buffer.from(signature, 'base64url'),
  };
  for (const name of new Set([...Object.keys(signed), ...Object.keys(attachments)])) {
    const [want, got] = [signed[name], attachments[name]];
    if (!got) return { kind: 'removed', line: `附件 ${name}`, signed: name, found: '', description: `缺少附件 ${name}` };
    if (!want) return { kind: 'added', line: '', signed: '', found: `附件 ${name}`, description: `增加了报告没有的附件 ${name}` };
    if (!want.equals(got))
      return {
        kind: 'changed',
        line: `附件 ${name}`,
        signed: name,
        found: name,
        description: `附件 ${name} 不是本报告的${name === 'report.json' ? '签名原文' : '签名'}`,
      };
  }
  return null;
}

/** The QR codes must send a reader to this report's verification page: a swapped code sends them to a forger's. */
function qrDifference(pages: string[][], expected: string | { number: string }): Difference | null {
  const problem = qrProblem(pages, expected);
  return problem
    ? {
        kind: 'changed',
        line: '（验真二维码）',
        signed: typeof expected === 'string' ? expected : '',
        found: pages.flat().find((code) => code !== expected) ?? '',
        description: problem,
      }
    : null;
}

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/**
 * Checks a document someone holds against the register: identical to what was issued (same bytes), or
 * saying exactly what the signed report says, nothing added, removed or changed, up to what printing
 * changes (layout.ts, compareText and pageFurniture); a PDF's attachments, if any, are the signed ones.
 */
export async function checkDocument(row: CreditReportRow, bytes: Buffer, base: string) {
  const digest = sha256Hex(bytes);
  const report = signedReport(row, base);
  const issuedHtml = await renderHtml(report, `${base}/reports/assets`);
  const identical = digest === row.pdfSha256 || digest === sha256Hex(issuedHtml);
  const lines = reportText(report.content, report.verifyUrl, row.keyId, row.signature);
  let difference: Difference | null = null;
  let readable = true;
  /** Why the copy could not be read when the reader itself failed (deadline, crash), not the file's content. */
  let failure: string | null = null;
  if (!identical) {
    try {
      if (isPdf(bytes)) {
        const copy = await readPdf(bytes);
        difference =
          compareText(pageText(copy, pageFurniture(row.number, base)), lines) ??
          attachmentDifference(copy.attachments, row.canonical, row.signature) ??
          qrDifference(copy.qr, report.verifyUrl);
      } else {
        const html = bytes.toString('utf8');
        difference = compareText(htmlText(html), lines) ?? markupDifference(html, issuedHtml);
      }
    } catch (error) {
      readable = false;
      if (error instanceof PdfReaderFailed) failure = error.message;
    }
  }
  const contentMatches = identical || (readable && !difference);
  // firstDifference: the signed line that differs, or the text added (difference says which and how).
  return {
    sha256: digest,
    identical,
    contentMatches,
    firstDifference: difference
      ? difference.kind === 'added'
        ? difference.found
        : difference.line
      : readable
        ? null
        : `文件无法读取${failure ? `：${failure}` : ''}`,
    difference,
    readable,
  };
}

export interface FileVerification {
  ok: boolean;
  /** One sentence: 真实有效，内容与签名一致 …, or what is wrong. */
  message: string;
  difference: Difference | null;
  number: string | null;
  issuedAt: string | null;
  /** The verification address the pages name (or the one given): which platform to ask about this number. */
  verifyUrl: string | null;
}

/**
 * Offline verification of a report PDF with the platform's public key alone: the attached report.json
 * is signed by that key (report.sig), and the pages say exactly what that signed content says, compared
 * as the verification page compares (compareText). Without `base` the verification address is read from
 * the pages and told back, so the reader sees which platform the report points to.
 */
export async function verifyReportFile(
  bytes: Uint8Array,
  publicKey: KeyObject,
  options: { base?: string } = {},
): Promise<FileVerification> {
  const fail = (message: string, more: Partial<FileVerification> = {}): FileVerification => ({
    ok: false,
    message,
    difference: null,
    number: null,
    issuedAt: null,
    verifyUrl: null,
    ...more,
  });
  if (publicKey.asymmetricKeyType !== 'ed25519') return fail(`公钥不是 Ed25519 密钥（${publicKey.asymmetricKeyType}）`);
  if (!isPdf(bytes)) return fail('不是 PDF 文件');
  let copy: Copy;
  try {
    copy = await readPdf(bytes);
  } catch (error) {
    return fail(`PDF 无法读取：${(error as Error).message}`);
  }
  const [json, sig] = [copy.attachments['report.json'], copy.attachments['report.sig']];
  if (!json || !sig) return fail('PDF 未附带签名原文 report.json 和签名 report.sig，无法核验');
  if (!verify(null, json, publicKey, sig)) return fail('签名无效：附件 report.json 不是该公钥签署的，或已被改动');
  let content: ReportContent;
  try {
    content = JSON.parse(json.toString('utf8')) as ReportContent;
    if (canonicalJson(content) !== json.toString('utf8')) throw new Error('not canonical');
  } catch {
    return fail('附件 report.json 不是规范化的报告内容');
  }
  const number = content.number;
  const keyId = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
  const tail = `/reports/verify?number=${number}`;
  const raw = pageText(copy, pageFurniture(number, options.base));
  const named = new RegExp(`验真：扫描二维码或访问(https?://[!-~]+?)${tail.replace(/[?/.]/g, '\\$&')}，`).exec(comparable(raw))?.[1];
  const base = options.base?.replace(/\/+$/, '') ?? named;
  const verifyUrl = base ? `${base}${tail}` : `（平台地址）${tail}`;
  const text = base && !options.base ? pageText(copy, pageFurniture(number, base)) : raw;
  const difference =
    compareText(text, reportText(content, verifyUrl, keyId, sig.toString('base64url'))) ??
    qrDifference(copy.qr, base ? verifyUrl : { number });
  const found = { number, issuedAt: content.issuedAt, verifyUrl: base ? verifyUrl : null, difference };
  if (difference) return fail(`页面内容与签名不一致（已被篡改）：${difference.description}`, found);
  const who =
    content.subject.kind === 'NATURAL_PERSON'
      ? '自然人'
      : `${String(content.subject.name ?? '')}${content.subject.creditCode ? `（${String(content.subject.creditCode)}）` : ''}`;
  return {
    ok: true,
    message: `真实有效，内容与签名一致：报告 ${number}，${chinaDateTime(content.issuedAt)}（北京时间）出具，主体 ${who}；验真地址 ${verifyUrl}`,
    ...found,
  };
}
