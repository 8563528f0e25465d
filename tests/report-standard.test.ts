/**
 * Issue 13: the report a bank officer or a tender committee reads. The national 公共信用信息报告标准
 * (2022年版) in its section order, with the 双公示 fields of penalties and licences and the registration
 * data; page numbers, the report number and the verification QR code on every page, checked by rendering
 * the pages (pdftoppm) and reading the QR codes back as a phone would; a person's own report with the
 * Loucheng points; the special credit report in lieu of 无违法违规证明; and reports of the first format
 * still verifying after the layout changed.
 */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { drainConsumers } from '../platform/system.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import type { ReportContent } from '../subgraphs/reports/compose.js';
import { comparable, reportBlocks, signatureLine, type Block } from '../subgraphs/reports/layout.js';
import { FONT_FILE } from '../subgraphs/reports/render-pdf.js';
import { creditReports } from '../subgraphs/reports/tables.js';
import { canonicalJson, loadSigningKey, sha256Hex, signCanonical } from '../subgraphs/reports/signing.js';
import { verifyReportFile } from '../subgraphs/reports/verify.js';
import { renderHtml } from '../subgraphs/reports/render-html.js';
import { AS, gatewayClient, recordReporter, useSeededSystem } from './support/system.js';

const run = promisify(execFile);
// jsqr is CommonJS with a default export: under Node's ESM the function is the module itself.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;
const PDFTOPPM = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((path) => existsSync(path));

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const reporter = recordReporter(ctx, 'STD');
const origin = () => new URL(ctx.system.gateway.url).origin;
const asSubject = ctx.asSubject;
const FIELDS = 'number audience issuedAt htmlUrl pdfUrl verifyUrl signature';

/** The text of each page as pdfjs reads it, compared without layout. */
async function pagesOf(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++)
    pages.push(comparable((await (await document.getPage(i)).getTextContent()).items.map((item: any) => item.str).join('')));
  await document.destroy();
  return pages;
}

async function attachmentsOf(pdf: Uint8Array): Promise<Record<string, Buffer>> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const files = (await document.getAttachments()) ?? {};
  await document.destroy();
  return Object.fromEntries(Object.entries(files).map(([name, file]) => [name, Buffer.from((file as { content: Uint8Array }).content)]));
}

const pdfOf = async (url: string, headers: Record<string, string> = {}) =>
  new Uint8Array(await (await fetch(url, { headers })).arrayBuffer());
const contentOf = async (pdf: Uint8Array) => JSON.parse((await attachmentsOf(pdf))['report.json']!.toString('utf8')) as ReportContent;
const upload = async (number: string, body: Uint8Array): Promise<any> =>
  (await fetch(`${origin()}/reports/verify?number=${number}`, { method: 'POST', body: new Uint8Array(body) })).json();
const key = () => createPublicKey(loadSigningKey({}).publicKeyPem);

/** Each heading in order: the index of each in the text is larger than the one before. */
function expectInOrder(text: string, headings: string[]): void {
  let at = -1;
  for (const heading of headings) {
    const next = text.indexOf(comparable(heading), at + 1);
    expect(next, `「${heading}」 after the one before`).toBeGreaterThan(at);
    at = next;
  }
}

describe('the public report, as the national standard sets it out', () => {
  let issued: any;
  let pdf: Uint8Array;
  let pages: string[];
  let data: any;
  beforeAll(async () => {
    issued = (await gql(`query($c: String!) { subjectByCode(code: $c) { creditReport { ${FIELDS} } } }`, { c: ctx.demo.companyCode })).data
      .subjectByCode.creditReport;
    pdf = await pdfOf(issued.pdfUrl);
    pages = await pagesOf(pdf);
    data = (
      await gql(
        `query($c: String!) { subjectByCode(code: $c) { name registeredOn registeredCapital { amount currency } businessScope registrationAuthority organisationType
        administrativeLicences { decisionNumber certificateName content }
        creditRecords { kind category unitReference disclosure { isPublicNow } penalty { decisionNumber content fineAmount types } } listMemberships(activeOnly: true) { list } } }`,
        { c: ctx.demo.companyCode },
      )
    ).data.subjectByCode;
  });

  it('has every section of the standard in its order, from the cover to the rules', () => {
    expectInOrder(pages.join(''), [
      '公共信用信息报告',
      '（法人和非法人组织·公开版）',
      `报告编号：${issued.number}`,
      '出具平台：太仓市公共信用信息服务平台（信用太仓）',
      '出具时间：',
      '报告说明',
      '一、基础信息',
      '二、公共信用信息概要',
      '三、行政管理信息',
      '（一）行政许可信息',
      '（二）行政处罚信息',
      '四、失信行为信息',
      '五、严重失信主体名单及其他名单信息',
      '（一）严重失信主体名单',
      '（二）重点关注名单',
      '六、守信激励信息',
      '（一）诚信典型（红名单）',
      '（二）荣誉表彰及守信行为',
      '七、信用承诺及履约信息',
      '八、适用规则',
      '电子签名（Ed25519',
    ]);
    // The cover is a page of its own.
    expect(pages[0]).not.toContain(comparable('报告说明'));
  });

  it('prints the registration, every public penalty with its 双公示 fields and every licence the data holds', () => {
    const text = pages.join('');
    expect(data.registeredCapital).not.toBeNull();
    expect(data.businessScope).toBeTruthy();
    for (const line of [
      `注册资本：${data.registeredCapital.amount}万元人民币`,
      `经营范围：${data.businessScope}`,
      `登记机关：${data.registrationAuthority}`,
      `成立日期：${data.registeredOn}`,
      `企业类型：${data.organisationType}`,
    ]) {
      expect(text).toContain(comparable(line));
    }
    const penalties = data.creditRecords.filter((r: any) => r.kind === 'ADMINISTRATIVE_PENALTY' && r.disclosure.isPublicNow);
    expect(penalties.length).toBeGreaterThan(0);
    for (const r of penalties) {
      expect(r.penalty, r.category).not.toBeNull();
      expect(text).toContain(comparable(`行政处罚决定书文号：${r.penalty.decisionNumber}`));
      expect(text).toContain(comparable(`处罚内容：${r.penalty.content}`));
      if (r.penalty.fineAmount) expect(text).toContain(comparable(`罚款金额：${r.penalty.fineAmount}万元`));
    }
    expect(data.administrativeLicences.length).toBeGreaterThan(0);
    for (const l of data.administrativeLicences) expect(text).toContain(comparable(`行政许可决定文书号：${l.decisionNumber}`));
    // The summary counts what the sections list, "无" where a section is empty.
    expect(text).toContain(comparable(`行政处罚信息：${penalties.length}条`));
    expect(text).toContain(comparable(`行政许可信息：${data.administrativeLicences.length}条`));
    expect(text).toContain(
      comparable(
        `严重失信主体名单信息：${data.listMemberships.filter((m: any) => m.list === 'JOINT_PUNISHMENT').length || '无'}${data.listMemberships.some((m: any) => m.list === 'JOINT_PUNISHMENT') ? '条' : ''}`,
      ),
    );
  });

  it('carries the number and "第 x 页 共 y 页" on every page', () => {
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain(comparable(`报告编号：${issued.number}`));
      expect(page, `page ${i + 1}`).toContain(comparable(`第 ${i + 1} 页 共 ${pages.length} 页`));
    });
  });

  it.runIf(PDFTOPPM || process.env.CI)(
    'shows on every rendered page a QR code that a phone reads as the verification address',
    async () => {
      expect(PDFTOPPM, 'pdftoppm (poppler-utils) renders the pages').toBeTruthy();
      const dir = mkdtempSync(join(tmpdir(), 'report-pages-'));
      try {
        writeFileSync(join(dir, 'report.pdf'), pdf);
        await run(PDFTOPPM!, ['-r', '200', '-png', join(dir, 'report.pdf'), join(dir, 'page')]);
        const images = readdirSync(dir)
          .filter((file) => file.endsWith('.png'))
          .sort();
        expect(images.length).toBe(pages.length);
        for (const file of images) {
          const png = PNG.sync.read(readFileSync(join(dir, file)));
          // Not a blank page: a real share of the pixels is ink.
          let ink = 0;
          for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) ink++;
          expect(ink / (png.width * png.height), file).toBeGreaterThan(0.005);
          // The header's QR code alone, as a phone held over the top of the page would see it.
          const band = Math.round(png.height * 0.1);
          const top = new Uint8ClampedArray(png.data.subarray(0, band * png.width * 4));
          expect(jsQR(top, png.width, band)?.data, file).toBe(issued.verifyUrl);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('verifies as issued, online and offline', async () => {
    expect(await upload(issued.number, pdf)).toMatchObject({ authentic: true, identical: true, unaltered: true });
    expect((await verifyReportFile(pdf, key())).ok).toBe(true);
  });
});

describe("a person's own report (个人公共信用信息报告)", () => {
  it('shows the Loucheng points and is issued only to the person and the credit office', async () => {
    const person = await asSubject(ctx.demo.personSubjectId);
    const query = `query($id: ID!, $full: Boolean) { subject(id: $id) { creditPoints { balance level } creditReport(full: $full) { ${FIELDS} } } }`;
    const own = (await gql(query, { id: ctx.demo.personSubjectId, full: true }, person)).data.subject;
    expect(own.creditPoints.balance).toEqual(expect.any(Number));
    const pdf = await pdfOf(own.creditReport.pdfUrl, person);
    const text = (await pagesOf(pdf)).join('');
    expectInOrder(text, [
      '个人公共信用信息报告',
      '（本人版）',
      '报告说明',
      '一、基础信息',
      '二、公共信用信息概要',
      `娄城信用积分：${own.creditPoints.balance}分（${own.creditPoints.level}）`,
      '信用评价信息',
      `娄城信用积分：${own.creditPoints.balance}分，等级${own.creditPoints.level}`,
    ]);
    expect((await contentOf(pdf)).points).toEqual(own.creditPoints);
    // Nobody else: not the public (who cannot see persons at all), not a member unit, not another subject.
    const publicAsk = await gql(`query($id: ID!) { subject(id: $id) { creditReport { number } } }`, { id: ctx.demo.personSubjectId });
    expect(publicAsk.data?.subject ?? null).toBeNull();
    for (const headers of [AS.marketRegulation, AS.bank, await asSubject(ctx.demo.companyCode)]) {
      const refused = await gql(
        `query($id: ID!) { subject(id: $id) { creditReport(full: true) { number } } }`,
        { id: ctx.demo.personSubjectId },
        headers,
      );
      expect(refused.data?.subject?.creditReport ?? null).toBeNull();
    }
    expect((await fetch(own.creditReport.pdfUrl)).status).toBe(404);
    const office = (
      await gql(
        `query($id: ID!) { subject(id: $id) { creditReport(full: true) { pdfUrl } } }`,
        { id: ctx.demo.personSubjectId },
        AS.creditOffice,
      )
    ).data.subject.creditReport;
    expect((await contentOf(await pdfOf(office.pdfUrl, AS.creditOffice))).points).toEqual(own.creditPoints);
    // By number, the register tells that the report is genuine, never whose.
    const check = (
      await gql(`query($n: ID!) { verifyCreditReport(number: $n) { authentic title subjectName subjectCode } }`, {
        n: own.creditReport.number,
      })
    ).data.verifyCreditReport;
    expect(check).toEqual({ authentic: true, title: '个人公共信用信息报告', subjectName: null, subjectCode: null });
  });
});

describe('the special credit report in lieu of 无违法违规证明 (专项信用报告)', () => {
  const code = makeCreditCode('91320585XY0000001');
  const today = chinaToday();
  const SPECIAL = `query($c: String!, $f: [CreditField!]!, $from: Date!, $to: Date!) { subjectByCode(code: $c) { specialCreditReport(fields: $f, from: $from, to: $to) { ${FIELDS} } } }`;
  let owner: Record<string, string>;
  const ask = async (fields: string[], from: string, to: string, headers: Record<string, string> = owner) =>
    gql(SPECIAL, { c: code, f: fields, from, to }, headers);
  const special = async (fields: string[], from: string, to: string) => {
    const body = await ask(fields, from, to);
    expect(body.errors).toBeUndefined();
    return body.data.subjectByCode.specialCreditReport;
  };

  beforeAll(async () => {
    await reporter(AS.marketRegulation, { creditCode: code, name: '专项报告测试贸易有限公司' }, 'PRICE_NOT_MARKED', {
      severity: 'GENERAL',
      decisionDate: '2026-05-06',
      unitReference: '太市监价罚〔2026〕9057号',
      penalty: { types: ['WARNING', 'FINE'], content: '警告，并处罚款人民币二千元', fineAmount: '0.2' },
    });
    await drainConsumers(ctx.system.consumers);
    owner = await asSubject(code);
  });

  it('lists what the units of the chosen field reported in the period, naming the units searched', async () => {
    const report = await special(['MARKET_REGULATION'], '2026-01-01', today);
    expect(report.audience).toBe('SPECIAL');
    const pdf = await pdfOf(report.pdfUrl, owner);
    const content = await contentOf(pdf);
    const units = (await gql(`{ memberUnits { name duties } }`)).data.memberUnits;
    const searched = units
      .filter((u: any) => u.duties.some((d: string) => ['MARKET_REGULATION', 'PRICE_SUPERVISION'].includes(d)))
      .map((u: any) => u.name);
    expect(content.special).toMatchObject({ from: '2026-01-01', to: today, fields: [{ key: 'MARKET_REGULATION', label: '市场监管领域' }] });
    expect([...content.special!.unitsSearched].sort()).toEqual([...searched].sort());
    const text = (await pagesOf(pdf)).join('');
    expectInOrder(text, [
      '专项信用报告',
      '（代替有无违法违规记录证明·市场监管领域）',
      '报告说明',
      '一、基础信息',
      '二、查询范围',
      `查询期间：2026-01-01至${today}`,
      '三、查询结果',
      '共1条',
      '行政处罚决定书文号：太市监价罚〔2026〕9057号',
      '罚款金额：0.2万元',
    ]);
    for (const name of searched) expect(text).toContain(comparable(name));
  });

  it('says that none were found for another field or another period', async () => {
    for (const [fields, from, to] of [
      [['TAXATION'], '2026-01-01', today],
      [['MARKET_REGULATION'], '2025-01-01', '2025-12-31'],
    ] as const) {
      const report = await special([...fields], from, to);
      const pdf = await pdfOf(report.pdfUrl, owner);
      const text = (await pagesOf(pdf)).join('');
      expect(text).toContain(comparable(`经查询，${from}至${to}期间上述成员单位未报送该主体的行政处罚、失信行为信息（无违法违规记录）。`));
      expect(text).not.toContain(comparable('太市监价罚〔2026〕9057号'));
      expect((await contentOf(pdf)).special!.unitsSearched.length).toBeGreaterThan(0);
    }
  });

  it('is the subject’s and the credit office’s only, and refuses a period it cannot speak for, naming the argument', async () => {
    for (const headers of [AS.public, AS.marketRegulation, AS.bank, await asSubject(ctx.demo.companyCode)]) {
      const refused = await ask(['MARKET_REGULATION'], '2026-01-01', today, headers);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await ask(['MARKET_REGULATION'], '2026-01-01', today, AS.creditOffice)).errors).toBeUndefined();
    const cases: [string[], string, string, string][] = [
      [['MARKET_REGULATION'], '2026-06-01', '2026-05-01', 'from'],
      [['MARKET_REGULATION'], '2026-01-01', addDays(today, 1), 'to'],
      [['MARKET_REGULATION'], addDays(today, -6 * 366), today, 'from'],
      [[], '2026-01-01', today, 'fields'],
    ];
    for (const [fields, from, to, field] of cases) {
      const refused = await ask(fields, from, to);
      expect(refused.errors?.[0]?.extensions, `${field} ${from}..${to}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(refused.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    const invalid = await ask(['MARKET_REGULATION'], '2026-02-30', today);
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is signed and verifiable like the others, and a "no violations" forgery of it is reported altered', async () => {
    const report = await special(['MARKET_REGULATION'], '2026-01-01', today);
    const check = (
      await gql(`query($n: ID!) { verifyCreditReport(number: $n) { authentic audience title specialScope subjectName superseded } }`, {
        n: report.number,
      })
    ).data.verifyCreditReport;
    expect(check).toEqual({
      authentic: true,
      audience: 'SPECIAL',
      title: '专项信用报告',
      specialScope: `市场监管领域，2026-01-01至${today}`,
      subjectName: '专项报告测试贸易有限公司',
      superseded: false,
    });
    const pdf = await pdfOf(report.pdfUrl, owner);
    expect(await upload(report.number, pdf)).toMatchObject({ authentic: true, unaltered: true });
    expect((await verifyReportFile(pdf, key())).ok).toBe(true);
    const page = await (await fetch(report.verifyUrl)).text();
    expect(page).toContain('专项信用报告（市场监管领域');

    // The forger prints the genuine report with the finding replaced by "none found", the genuine attachments inside.
    const content = await contentOf(pdf);
    const blocks = reportBlocks(content, report.verifyUrl);
    const found = blocks.findIndex((block) => block.text.includes('共1条'));
    const forgedBlocks: Block[] = [
      ...blocks.slice(0, found),
      { style: 'line', text: `经查询，2026-01-01至${today}期间上述成员单位未报送该主体的行政处罚、失信行为信息（无违法违规记录）。` },
      ...blocks.slice(found + 1).filter((block) => !block.text.includes('57号')),
    ];
    const files = await attachmentsOf(pdf);
    const forged = await forgePdf(forgedBlocks, signatureLine(loadSigningKey({}).keyId, report.signature), files);
    const online = await upload(report.number, forged);
    expect(online).toMatchObject({ authentic: true, contentMatches: false, unaltered: false });
    expect(online.difference.kind).toBe('changed');
    const offline = await verifyReportFile(forged, key());
    expect(offline.ok).toBe(false);
    expect(offline.message).toContain('页面内容与签名不一致（已被篡改）');
  });

  it('reuses the number for the same scope on the same day; another scope is another report that supersedes neither', async () => {
    const first = await special(['MARKET_REGULATION', 'TAXATION'], '2026-01-01', today);
    expect((await special(['TAXATION', 'MARKET_REGULATION'], '2026-01-01', today)).number).toBe(first.number);
    const other = await special(['PUBLIC_HEALTH'], '2026-01-01', today);
    expect(other.number).not.toBe(first.number);
    const superseded = async (number: string) =>
      (await gql(`query($n: ID!) { verifyCreditReport(number: $n) { superseded } }`, { n: number })).data.verifyCreditReport.superseded;
    expect(await superseded(first.number)).toBe(false);
    expect(await superseded(other.number)).toBe(false);
  });
});

describe('a report of the first format, issued before the national layout', () => {
  it('still verifies by number and as an uploaded copy, and an altered copy of it is named', async () => {
    const signing = loadSigningKey({});
    const number = `TCXY${chinaToday().replaceAll('-', '')}V1FORMAT`;
    const content = {
      format: 'xinyong-taicang/public-credit-report/1',
      number,
      audience: 'PUBLIC',
      issuedAt: new Date().toISOString(),
      issuer: '太仓市社会信用体系建设领导小组办公室（市信用办）',
      subject: {
        id: ctx.demo.companyCode,
        kind: 'LEGAL_PERSON',
        name: '太仓市旧版报告有限公司',
        creditCode: ctx.demo.companyCode,
        status: 'ACTIVE',
      },
      sections: [
        {
          key: 'penalties',
          title: '行政处罚信息',
          records: [
            {
              category: 'PRICE_GOUGING',
              label: '哄抬物价',
              article: 2,
              severity: 'SERIOUS',
              status: 'ACTIVE',
              decisionDate: '2026-10-16',
              reportingUnit: '太仓市市场监督管理局',
              publicUntil: '2029-10-15',
              ruleVersion: 'r',
            },
          ],
        },
      ],
      lists: [],
      supervision: null,
      openObjections: null,
      ruleVersions: { disclosure: ['r'], report: 'xinyong-taicang/public-credit-report/1', notice: '太信用办〔2020〕1号' },
    };
    const canonical = canonicalJson(content);
    const signature = signCanonical(canonical, signing);
    const verifyUrl = `${origin()}/reports/verify?number=${number}`;
    const html = await renderHtml(
      { content: content as unknown as ReportContent, canonical, signature, keyId: signing.keyId, verifyUrl },
      `${origin()}/reports/assets`,
    );
    await ctx.system.db.reports.insert(creditReports).values({
      number,
      subjectId: 'V1-ONLY',
      audience: 'PUBLIC',
      issuedAt: new Date(content.issuedAt),
      issuedOn: chinaToday(),
      canonical,
      contentSha256: null,
      signature,
      keyId: signing.keyId,
      pdf: Buffer.from('%PDF-1.3 not kept'),
      pdfSha256: sha256Hex('%PDF-1.3 not kept'),
      issuedTo: 'PUBLIC',
    });
    // Its page is served in the first layout (no 报告说明), and is the same page as before to the byte.
    const served = await (await fetch(`${origin()}/reports/${number}.html`)).text();
    expect(served).toContain('一、主体登记信息');
    expect(served).not.toContain('报告说明');
    const copy = Buffer.from(served);
    expect(await upload(number, copy)).toMatchObject({ authentic: true, identical: true, unaltered: true });
    expect(served).toBe(html);
    const altered = Buffer.from(served.replace('有效，公示截止2029-10-15', '已信用修复，公示截止2029-10-15'));
    expect(await upload(number, altered)).toMatchObject({ authentic: true, unaltered: false, difference: { kind: 'changed' } });
  });
});

/** A forger's PDF: any lines with the signature line under them, and the given attachments. */
async function forgePdf(blocks: Block[], signature: string, files: Record<string, Buffer>): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 80, bottom: 70, left: 60, right: 60 } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('SC', FONT_FILE).font('SC');
  for (const block of blocks) if (block.text) doc.fontSize(block.style === 'title' ? 20 : 10).text(block.text, { width: 475 });
  doc.moveDown(1).fontSize(8).text(signature, { width: 475 });
  const attachable = doc as unknown as { file(src: Buffer, options: { name: string; type: string }): void };
  for (const [name, bytes] of Object.entries(files)) attachable.file(bytes, { name, type: 'application/octet-stream' });
  doc.end();
  return new Uint8Array(await done);
}

describe('checking uploaded copies', () => {
  // Last in this file: it spends the address's budget of file checks.
  it('counts every check per address: past the budget, 429 with Retry-After before the file is read', async () => {
    const { FILE_CHECKS_PER_HOUR } = await import('../subgraphs/reports/documents.js');
    const number = `TCXY${chinaToday().replaceAll('-', '')}AAAAAAAA`;
    let last: Response | undefined;
    for (let i = 0; i <= FILE_CHECKS_PER_HOUR; i++)
      last = await fetch(`${origin()}/reports/verify?number=${number}`, { method: 'POST', body: new Uint8Array([0x25]) });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringContaining('核验报告文件过多') });
  });
});
