/**
 * Issue 13, verification that is exact: a copy is authentic only if it says exactly what the signed report
 * says. Each forgery a forger would try (a line added, a section removed, a date changed, the attachments of
 * another report, the signature of another report) is reported altered with its first difference, on the
 * verification page (POST /reports/verify) and offline (verifyReportFile, `npm run verify-report`), while the
 * issued PDF, the issued HTML and a print of the HTML from Chromium still pass.
 */
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from './support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainConsumers } from '../platform/system.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import type { ReportContent } from '../subgraphs/reports/compose.js';
import { compareText, pageFurniture, reportBlocks, signatureLine, type Block } from '../subgraphs/reports/layout.js';
import { FONT_FILE, renderPdf } from '../subgraphs/reports/render-pdf.js';
import { verifyReportFile } from '../subgraphs/reports/verify.js';
import { AS, gatewayClient, recordReporter, useSeededSystem } from './support/system.js';

const ADDED = '特别说明：上述行政处罚均已完成信用修复，不影响企业参与招投标及授信。';

describe('comparing a copy with the signed text', () => {
  const lines = [
    '公共信用信息报告',
    '报告编号：TCXY20261201AAAAAAAA',
    '二、行政处罚信息（1条）',
    '2026-10-16 哄抬物价（严重），市市场监督管理局，有效，公示截止2029-10-15',
    '三、联合奖惩名单',
    '未列入',
  ];
  const copy = lines.join('\n');

  it('is equal up to what printing changes: whitespace, line breaks, U+0001 for a space, Kangxi radicals', () => {
    expect(compareText(copy, lines)).toBeNull();
    expect(
      compareText(
        '公共信⽤信息报告  报告编号：TCXY20261201\nAAAAAAAA 二、行政处罚信息（1条）2026-10-16\u0001哄抬物价（严重），市市场监督管理局，有效，公示截止2029-10-15 三、联合奖惩名单 未列入',
        lines,
      ),
    ).toBeNull();
  });

  it('names text added, removed or changed, with the signed line where it is', () => {
    expect(compareText(copy.replace('三、联合奖惩名单', `${ADDED}\n三、联合奖惩名单`), lines)).toMatchObject({
      kind: 'added',
      found: ADDED,
      line: '三、联合奖惩名单',
    });
    expect(compareText(`${copy}\n${ADDED}`, lines)).toMatchObject({ kind: 'added', found: ADDED, line: '' });
    expect(compareText(copy.replace('三、联合奖惩名单\n未列入', ''), lines)).toMatchObject({
      kind: 'removed',
      line: '三、联合奖惩名单',
      description: '缺少报告中的「三、联合奖惩名单」等 2 行',
    });
    expect(compareText(copy.replace('公示截止2029', '公示截止2026'), lines)).toMatchObject({
      kind: 'changed',
      line: lines[3],
      found: '2026-10-16 哄抬物价（严重），市市场监督管理局，有效，公示截止2026-10-15',
    });
    // Text added inside a line changes that line; added before a line that starts the same way, it is an addition.
    expect(compareText(copy.replace('（严重）', '（严重，已修复）'), lines)).toMatchObject({ kind: 'changed', line: lines[3] });
    expect(compareText(copy.replace('2026-10-16 哄抬', '2026-10-01 已修复\n2026-10-16 哄抬'), lines)).toMatchObject({
      kind: 'added',
      found: '2026-10-01 已修复',
      line: lines[3],
    });
  });

  it('takes as page furniture only whole lines of dates, titles, the page address and page numbers', () => {
    const furniture = pageFurniture('TCXY20261201AAAAAAAA', 'https://xy.example');
    for (const line of [
      '12/1/26,10:28AMTCXY20261201AAAAAAAA',
      '2026/12/110:28公共信用信息报告TCXY20261201AAAAAAAA',
      'https://xy.example/reports/TCXY20261201AAAAAAAA.html1/2',
      '第1页共3页',
    ])
      expect(furniture.test(line), line).toBe(true);
    for (const line of [ADDED, '1/2已修复', 'https://evil.example/reports/TCXY20261201AAAAAAAA.html', 'TCXY20261201BBBBBBBB'])
      expect(furniture.test(line), line).toBe(false);
  });
});

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const reporter = recordReporter(ctx, 'FRG');
const REPORT = `query($c: String!) { subjectByCode(code: $c) { creditReport { number htmlUrl pdfUrl verifyUrl signature } } }`;
const origin = () => new URL(ctx.system.gateway.url).origin;

interface Issued {
  number: string;
  htmlUrl: string;
  verifyUrl: string;
  signature: string;
  pdf: Buffer;
  json: Buffer;
  sig: Buffer;
  canonical: string;
  content: ReportContent;
}

async function attachments(pdf: Uint8Array): Promise<Record<string, Buffer>> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const files = (await document.getAttachments()) ?? {};
  await document.destroy();
  return Object.fromEntries(Object.entries(files).map(([name, file]) => [name, Buffer.from((file as { content: Uint8Array }).content)]));
}

async function issue(code: string): Promise<Issued> {
  const report = (await gql(REPORT, { c: code })).data.subjectByCode.creditReport;
  const pdf = Buffer.from(await (await fetch(report.pdfUrl)).arrayBuffer());
  const files = await attachments(pdf);
  const canonical = files['report.json']!.toString('utf8');
  return { ...report, pdf, json: files['report.json']!, sig: files['report.sig']!, canonical, content: JSON.parse(canonical) };
}

/** A forger's PDF, made as render-pdf.ts makes the real one: any lines, any signature text, any attachments. */
async function forgePdf(
  blocks: Block[],
  signature: { keyId: string; text: string },
  files: { json: Buffer; sig: Buffer } | null,
  qr?: string,
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 96, bottom: 56, left: 60, right: 60 } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('SC', FONT_FILE).font('SC');
  // The verification QR code, as every page of a report carries one (a copy without any is not the report).
  doc.image(await QRCode.toBuffer(qr ?? A.verifyUrl, { margin: 1, scale: 4 }), 470, 12, { width: 72 });
  for (const block of blocks) if (block.text) doc.fontSize(block.style === 'title' ? 20 : 10.5).text(block.text, { width: 475 });
  doc.moveDown(1).fontSize(8).text(`电子签名（Ed25519，密钥标识 ${signature.keyId}）：`).text(signature.text);
  if (files) attach(doc, files);
  doc.end();
  return done;
}

/** Attaches report.json and report.sig as render-pdf.ts does (pdfkit's `file`, not in its types). */
function attach(doc: PDFKit.PDFDocument, files: { json: Buffer; sig: Buffer }): void {
  const attachable = doc as unknown as { file(src: Buffer, options: { name: string; type: string }): void };
  attachable.file(files.json, { name: 'report.json', type: 'application/json' });
  attachable.file(files.sig, { name: 'report.sig', type: 'application/octet-stream' });
}

const upload = async (number: string, body: Uint8Array): Promise<any> =>
  (await fetch(`${origin()}/reports/verify?number=${number}`, { method: 'POST', body: new Uint8Array(body) })).json();

let A: Issued;
let B: Issued;
let key: KeyObject;
let keyId: string;
/** The lines of report A as it renders them, and the signature under them. */
let blocksA: Block[];
let signedA: { keyId: string; text: string };

beforeAll(async () => {
  A = await issue(ctx.demo.companyCode);
  const codeB = makeCreditCode('91320585FG0000001');
  await reporter(AS.marketRegulation, { creditCode: codeB, name: '伪造测试贸易有限公司' }, 'PRICE_NOT_MARKED', {
    severity: 'GENERAL',
    decisionDate: '2026-09-01',
  });
  await drainConsumers(ctx.system.consumers);
  B = await issue(codeB);
  key = createPublicKey(await (await fetch(`${origin()}/.well-known/credit-report-key.pem`)).text());
  keyId = createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
  blocksA = reportBlocks(A.content, A.verifyUrl);
  signedA = { keyId, text: A.signature };
});

/** Online and offline at once: the same verdict and the same first difference. */
async function bothSay(number: string, pdf: Buffer, expected: { kind: string; line?: string; found?: string }) {
  const online = await upload(number, pdf);
  expect(online).toMatchObject({
    found: true,
    authentic: true,
    identical: false,
    contentMatches: false,
    unaltered: false,
    difference: expected,
  });
  const offline = await verifyReportFile(pdf, key);
  expect(offline).toMatchObject({ ok: false, difference: expected });
  expect(offline.message).toContain('页面内容与签名不一致（已被篡改）');
  return { online, offline };
}

describe('forged report PDFs are reported altered, online and offline', () => {
  it('passes the issued PDF, and a copy made the same way says the same', async () => {
    expect(await upload(A.number, A.pdf)).toMatchObject({
      authentic: true,
      identical: true,
      contentMatches: true,
      unaltered: true,
      difference: null,
    });
    const offline = await verifyReportFile(A.pdf, key);
    expect(offline).toMatchObject({ ok: true, number: A.number, verifyUrl: A.verifyUrl, difference: null });
    expect(offline.message).toMatch(/^真实有效，内容与签名一致/);
    // The same text laid out anew (another renderer, no byte in common) is still the same report.
    const copy = await forgePdf(blocksA, signedA, { json: A.json, sig: A.sig });
    expect(await upload(A.number, copy)).toMatchObject({ identical: false, contentMatches: true, unaltered: true });
    expect((await verifyReportFile(copy, key)).ok).toBe(true);
  });

  it('a line added (finding 1): "特别说明…" after the penalties', async () => {
    const at = blocksA.findIndex((block) => block.text.startsWith('四、'));
    const forged = await forgePdf([...blocksA.slice(0, at), { style: 'line', text: ADDED }, ...blocksA.slice(at)], signedA, {
      json: A.json,
      sig: A.sig,
    });
    const { online, offline } = await bothSay(A.number, forged, { kind: 'added', found: ADDED, line: blocksA[at]!.text });
    expect(online.firstDifference).toBe(ADDED);
    expect(online.difference.description).toContain(`增加了报告没有的内容「${ADDED}」`);
    expect(offline.message).toContain(ADDED);
  });

  it('a section removed: the joint-punishment listing', async () => {
    const heading = blocksA.findIndex((block) => block.text.endsWith('严重失信主体名单及其他名单信息'));
    const next = blocksA.findIndex((block, i) => i > heading && block.style === 'heading');
    const forged = await forgePdf([...blocksA.slice(0, heading), ...blocksA.slice(next)], signedA, { json: A.json, sig: A.sig });
    const { online } = await bothSay(A.number, forged, { kind: 'removed', line: blocksA[heading]!.text });
    expect(online.firstDifference).toBe(blocksA[heading]!.text);
  });

  it('finding 2: the serious penalty and the listing taken off the pages, the original report.json and report.sig attached', async () => {
    const content: ReportContent = {
      ...A.content,
      sections: A.content.sections.map((section) => ({
        ...section,
        records: section.records.filter((record) => record.severity !== 'SERIOUS'),
      })),
      lists: A.content.lists.filter((list) => list.list !== 'JOINT_PUNISHMENT'),
    };
    expect(content.sections.flatMap((s) => s.records).length).toBeLessThan(A.content.sections.flatMap((s) => s.records).length);
    const forged = await renderPdf({ content, canonical: A.canonical, signature: A.signature, keyId, verifyUrl: A.verifyUrl });
    // What the README's old procedure checked (pdfdetach + openssl pkeyutl -verify) still holds: the attachment is genuine.
    const files = await attachments(forged);
    expect(verify(null, files['report.json']!, key, files['report.sig']!)).toBe(true);
    // The first line that says otherwise is the summary's count of penalties.
    const penalties = blocksA.find((block) => block.text.startsWith('行政处罚信息：'))!.text;
    await bothSay(A.number, forged, { kind: 'changed', line: penalties });
  });

  it('a date changed: the serious penalty disclosed until 2026 instead of 2029', async () => {
    const serious = A.content.sections.flatMap((s) => s.records).find((record) => record.severity === 'SERIOUS')!;
    const content: ReportContent = {
      ...A.content,
      sections: A.content.sections.map((section) => ({
        ...section,
        records: section.records.map((record) => (record === serious ? { ...record, publicUntil: '2026-12-31' } : record)),
      })),
    };
    const forged = await renderPdf({ content, canonical: A.canonical, signature: A.signature, keyId, verifyUrl: A.verifyUrl });
    const item = blocksA.findIndex((block) => block.style === 'item' && block.text.includes(serious.label));
    const line = blocksA.find((block, i) => i > item && block.text.startsWith('公示截止日期：'))!.text;
    const { online } = await bothSay(A.number, forged, { kind: 'changed', line });
    expect(online.firstDifference).toBe(line);
    expect(online.difference.found).toContain('公示截止日期：2026-12-31');
  });

  it('the attachments swapped: the pages of report A with report.json and report.sig of report B', async () => {
    const forged = await forgePdf(blocksA, signedA, { json: B.json, sig: B.sig });
    // Uploaded as A, the pages are A's but the signed content it carries is not.
    expect(await upload(A.number, forged)).toMatchObject({
      contentMatches: false,
      unaltered: false,
      firstDifference: '附件 report.json',
      difference: { kind: 'changed', line: '附件 report.json' },
    });
    // Uploaded as B, and offline (B's signature is valid), the pages are not what B's signed content says.
    const numberLine = `报告编号：${B.number}`;
    const { offline } = await bothSay(B.number, forged, { kind: 'changed', line: numberLine, found: `报告编号：${A.number}` });
    expect(offline.number).toBe(B.number);
  });

  it('the signature of another report: report A signed with report B’s signature', async () => {
    // The signature under the pages and in report.sig are B's.
    const forged = await renderPdf({ content: A.content, canonical: A.canonical, signature: B.signature, keyId, verifyUrl: A.verifyUrl });
    expect(await upload(A.number, forged)).toMatchObject({
      unaltered: false,
      difference: { kind: 'changed', line: signatureLine(keyId, A.signature) },
    });
    expect(await verifyReportFile(forged, key)).toMatchObject({
      ok: false,
      message: '签名无效：附件 report.json 不是该公钥签署的，或已被改动',
    });
    // Only report.sig is B's; the pages are A's, signature line included.
    const swapped = await forgePdf(blocksA, signedA, { json: A.json, sig: B.sig });
    expect(await upload(A.number, swapped)).toMatchObject({ unaltered: false, firstDifference: '附件 report.sig' });
    expect((await verifyReportFile(swapped, key)).message).toMatch(/^签名无效/);
  });

  it('the QR code swapped: the genuine pages and attachments, with a code that sends the reader to a forger’s verification page', async () => {
    const evil = `https://xinyong-taicang.example/reports/verify?number=${A.number}`;
    const forged = await forgePdf(blocksA, signedA, { json: A.json, sig: A.sig }, evil);
    const online = await upload(A.number, forged);
    expect(online).toMatchObject({ authentic: true, contentMatches: false, unaltered: false, firstDifference: '（验真二维码）' });
    expect(online.difference.description).toContain(evil);
    const offline = await verifyReportFile(forged, key, { base: origin() });
    expect(offline).toMatchObject({ ok: false, difference: { line: '（验真二维码）' } });
    // Without the platform's address offline, a code for another report's number is still caught.
    const other = await forgePdf(blocksA, signedA, { json: A.json, sig: A.sig }, B.verifyUrl);
    expect((await verifyReportFile(other, key)).message).toContain('二维码');
  });

  it('text in the file that nobody can read (off the page, or smaller than a point) counts as removed', async () => {
    const penalty = blocksA.find((block) => block.text.includes('哄抬物价'))!.text;
    const hiding = async (hide: (pdf: PDFKit.PDFDocument, text: string) => void) => {
      const pdf = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 60, right: 60 } });
      const chunks: Buffer[] = [];
      pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
      pdf.registerFont('SC', FONT_FILE).font('SC');
      for (const block of blocksA) {
        if (block.text === penalty) hide(pdf, block.text);
        else pdf.fontSize(block.style === 'title' ? 20 : 10.5).text(block.text, { width: 475 });
      }
      pdf.fontSize(8).text(signatureLine(keyId, A.signature), { width: 475 });
      attach(pdf, { json: A.json, sig: A.sig });
      pdf.end();
      return done;
    };
    const offPage = await hiding((pdf, text) => pdf.save().translate(2000, 0).fontSize(10.5).text(text, { width: 475 }).restore());
    const tiny = await hiding((pdf, text) => pdf.fontSize(0.2).text(text, { width: 475 }).fontSize(10.5));
    for (const hidden of [offPage, tiny]) await bothSay(A.number, hidden, { kind: 'removed', line: penalty });
  });
});

describe('HTML copies', () => {
  it('passes the issued HTML; a line added or a line hidden by a style is altered', async () => {
    const html = await (await fetch(A.htmlUrl)).text();
    expect(await upload(A.number, Buffer.from(html))).toMatchObject({ identical: true, unaltered: true });
    const added = html.replace(/(<h2>三、)/, `<p>${ADDED}</p>\n$1`);
    expect(await upload(A.number, Buffer.from(added))).toMatchObject({
      unaltered: false,
      firstDifference: ADDED,
      difference: { kind: 'added', found: ADDED },
    });
    // The text is all there, but the serious penalty would not show.
    const hidden = html.replace(/<p class="item">(\d+\. 哄抬物价)/, '<p class="item" style="display:none">$1');
    expect(hidden).not.toBe(html);
    expect(await upload(A.number, Buffer.from(hidden))).toMatchObject({
      unaltered: false,
      difference: { kind: 'changed', line: '（页面标记）' },
    });
  });
});

describe('npm run verify-report', () => {
  it('exits 0 for the issued PDF and 1, naming the difference, for the forged PDF of finding 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-report-'));
    try {
      writeFileSync(join(dir, 'key.pem'), key.export({ format: 'pem', type: 'spki' }));
      writeFileSync(join(dir, 'genuine.pdf'), A.pdf);
      const content = { ...A.content, lists: [] };
      writeFileSync(
        join(dir, 'forged.pdf'),
        await renderPdf({ content, canonical: A.canonical, signature: A.signature, keyId, verifyUrl: A.verifyUrl }),
      );
      const run = async (...args: string[]) => {
        try {
          const { stdout } = await promisify(execFile)(
            join(process.cwd(), 'node_modules/.bin/tsx'),
            [join(process.cwd(), 'scripts/verify-report.ts'), ...args],
            { cwd: dir },
          );
          return { code: 0, out: stdout };
        } catch (error) {
          const failed = error as { code: number; stderr: string };
          return { code: failed.code, out: failed.stderr };
        }
      };
      const genuine = await run('genuine.pdf', '--base', origin());
      expect(genuine).toMatchObject({ code: 0 });
      expect(genuine.out).toContain(`真实有效，内容与签名一致：报告 ${A.number}`);
      const forged = await run('forged.pdf', '--key', 'key.pem');
      expect(forged.code).toBe(1);
      expect(forged.out).toContain('页面内容与签名不一致（已被篡改）');
      expect(forged.out).toMatch(/严重失信主体名单信息/);
      // The pages must point to the platform given: a copy pointing elsewhere is refused with --base.
      expect((await run('genuine.pdf', '--base', 'https://xinyong.example')).code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

let browser: Browser;

// Without a browser these cannot run; in CI that is a failure, not a skip.
describe.runIf(CHROMIUM || process.env.CI)('a report printed from Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('passes with the browser’s header and footer; a line added before printing is named on the verification page', async () => {
    const page = await browser.newPage();
    await page.goto(A.htmlUrl);
    await page.evaluate('document.fonts.ready');
    // As Chrome prints by default: date and title above, the address and "1/2" below.
    const furniture = {
      displayHeaderFooter: true,
      margin: { top: '1.2cm', bottom: '1.2cm', left: '1cm', right: '1cm' },
      headerTemplate:
        '<div style="font-size:8px;width:100%;display:flex;justify-content:space-between;padding:0 1cm"><span class="date"></span><span class="title"></span><span></span></div>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;display:flex;justify-content:space-between;padding:0 1cm"><span class="url"></span><span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>',
    };
    const printed = await page.pdf({ format: 'A4', ...furniture });
    expect(await upload(A.number, printed)).toMatchObject({
      authentic: true,
      identical: false,
      contentMatches: true,
      unaltered: true,
      difference: null,
    });
    // A print has no attachments: offline it cannot be verified, and says so.
    expect((await verifyReportFile(printed, key)).message).toBe('PDF 未附带签名原文 report.json 和签名 report.sig，无法核验');

    await page.evaluate(
      `(() => { const h = [...document.querySelectorAll('h2')].find((h) => h.textContent.startsWith('三、')); const p = document.createElement('p'); p.textContent = ${JSON.stringify(ADDED)}; h.before(p); })()`,
    );
    const forged = await page.pdf({ format: 'A4', ...furniture });
    expect(await upload(A.number, forged)).toMatchObject({
      authentic: true,
      contentMatches: false,
      unaltered: false,
      firstDifference: ADDED,
      difference: { kind: 'added', found: ADDED },
    });
    await page.goto(A.verifyUrl);
    await page.setInputFiles('#file', { name: 'report.pdf', mimeType: 'application/pdf', buffer: forged });
    await page.click('#upload button');
    // Reading the pages and their QR codes takes a second or more on a busy machine.
    await expect
      .poll(() => page.locator('#file-verdict').textContent(), { timeout: 60_000 })
      .toContain(`已被篡改（首处不符：增加了报告没有的内容「${ADDED}」`);
    await page.close();
  });
});
