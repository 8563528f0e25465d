/**
 * Public credit reports (notice §12): content against the data, the signature over the canonical
 * content, Chinese in the PDF, nothing non-public in a public report, verification of documents.
 */
import { createPublicKey, verify } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { drainConsumers } from '../platform/system.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { chinaToday } from '../subgraphs/kit/time.js';
import type { ReportContent } from '../subgraphs/reports/compose.js';
import { renderPdf } from '../subgraphs/reports/render-pdf.js';
import { canonicalJson } from '../subgraphs/reports/signing.js';
import { AS, gatewayClient, recordReporter, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const report = recordReporter(ctx, 'RPT');
const REPORT = `query($c: String!, $full: Boolean) { subjectByCode(code: $c) { creditReport(full: $full) { number audience issuedAt htmlUrl pdfUrl verifyUrl signature pdfSha256 } } }`;
const issue = async (code: string, headers: Record<string, string> = {}, full = false) =>
  (await gql(REPORT, { c: code, full }, headers)).data.subjectByCode.creditReport;
const asSubject = ctx.asSubject;

/** The signed JSON as the HTML carries it, for offline checks. */
async function signedContent(
  htmlUrl: string,
  headers: Record<string, string> = {},
): Promise<{ canonical: string; content: ReportContent }> {
  const html = await (await fetch(htmlUrl, { headers })).text();
  const json = /<script type="application\/json" id="signed-content">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const content = JSON.parse(json) as ReportContent;
  return { canonical: canonicalJson(content), content };
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  let text = '';
  for (let i = 1; i <= pdf.numPages; i++)
    text += (await (await pdf.getPage(i)).getTextContent()).items.map((item: any) => item.str).join('');
  return text;
}

describe('public credit report', () => {
  it('says what the data says: registration, public records by kind, lists, and the rules used', async () => {
    const code = ctx.demo.companyCode;
    const issued = await issue(code);
    expect(issued.number).toMatch(/^TCXY\d{8}[0-9A-Z]{8}$/);
    expect(issued.audience).toBe('PUBLIC');
    expect(await issue(code)).toEqual(issued); // same day, same report
    const { content } = await signedContent(issued.htmlUrl);
    const data = (
      await gql(
        `query($c: String!) { subjectByCode(code: $c) { name creditCode legalRepresentative
        creditRecords { kind category disclosure { isPublicNow ruleVersion } } listMemberships(activeOnly: true) { list } } }`,
        { c: code },
      )
    ).data.subjectByCode;
    expect(content).toMatchObject({
      number: issued.number,
      audience: 'PUBLIC',
      issuedAt: issued.issuedAt,
      supervision: null,
      openObjections: null,
    });
    expect(content.subject).toMatchObject({ name: data.name, creditCode: data.creditCode, legalRepresentative: data.legalRepresentative });
    const shown = data.creditRecords.filter((r: any) => r.disclosure.isPublicNow);
    const kindsOf = (key: string) =>
      ({
        penalties: ['ADMINISTRATIVE_PENALTY'],
        dishonesty: ['DISHONEST_CONDUCT'],
        honours: ['HONEST_CONDUCT', 'HONOR'],
        commitments: ['COMMITMENT'],
      })[key]!;
    for (const section of content.sections)
      expect(section.records.map((r) => r.category).sort(), section.key).toEqual(
        shown
          .filter((r: any) => kindsOf(section.key).includes(r.kind))
          .map((r: any) => r.category)
          .sort(),
      );
    expect(content.sections.find((s) => s.key === 'penalties')!.records.some((r) => r.category === 'PRICE_GOUGING')).toBe(true);
    expect(content.lists.map((l) => l.list).sort()).toEqual(data.listMemberships.map((m: any) => m.list).sort());
    expect(content.ruleVersions.disclosure).toEqual([...new Set(shown.map((r: any) => r.disclosure.ruleVersion))].sort());
  });

  it('carries nothing non-public, while the subject’s own full report does', async () => {
    const creditCode = makeCreditCode('91320585RP0000001');
    const subject = { creditCode, name: '报告测试有限公司' };
    await report(AS.marketRegulation, subject, 'PRICE_NOT_MARKED', { severity: 'GENERAL', decisionDate: '2026-09-01' });
    await report(AS.marketRegulation, subject, 'PRICE_NOT_MARKED', { severity: 'MINOR', decisionDate: '2026-09-02' }); // minor: never published
    await report(AS.marketRegulation, subject, 'REOPENING_NONCOMPLIANCE', {
      severity: 'GENERAL',
      decisionDate: '2026-09-03',
      rectificationDeadline: '2026-10-01',
    });
    await drainConsumers(ctx.system.consumers);
    const open = await issue(creditCode);
    const publicContent = (await signedContent(open.htmlUrl)).content;
    const publicRecords = publicContent.sections.flatMap((s) => s.records);
    expect(publicRecords.map((r) => r.severity).sort()).toEqual(['GENERAL', 'GENERAL']);
    expect(publicContent.lists).toEqual([]); // key attention is internal
    expect(JSON.stringify(publicContent)).not.toMatch(/KEY_ATTENTION|MINOR|supervision":\{/);

    const owner = await asSubject(creditCode);
    const full = await issue(creditCode, owner, true);
    expect(full.audience).toBe('SUBJECT');
    expect(full.number).not.toBe(open.number);
    const fullContent = (await signedContent(full.htmlUrl, owner)).content;
    expect(
      fullContent.sections
        .flatMap((s) => s.records)
        .map((r) => r.severity)
        .sort(),
    ).toEqual(['GENERAL', 'GENERAL', 'MINOR']);
    expect(fullContent.lists.map((l) => l.list)).toEqual(['KEY_ATTENTION']);
    expect(fullContent.supervision?.level).toBe('C');
    // The full report is the subject's: by number alone, nobody else gets it.
    expect((await fetch(full.pdfUrl)).status).toBe(404);
    expect((await fetch(full.pdfUrl, { headers: AS.marketRegulation })).status).toBe(404);
    expect((await fetch(full.pdfUrl, { headers: owner })).status).toBe(200);
    const trail = await gql(
      `query($s: ID!) { auditTrail(filter: { subjectId: $s }) { reports { action dataClass principal } } }`,
      { s: creditCode },
      AS.creditOffice,
    );
    expect(trail.data.auditTrail.reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'MUTATION', dataClass: 'CREDIT_REPORT' }),
        expect.objectContaining({ action: 'READ', dataClass: 'CREDIT_REPORT', principal: `SUBJECT:${creditCode}` }),
      ]),
    );
    expect((await gql(REPORT, { c: creditCode, full: true }, AS.marketRegulation)).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('is signed over its canonical content: the published key verifies it, and a changed byte fails', async () => {
    const issued = await issue(ctx.demo.companyCode);
    const pem = await (await fetch(`${new URL(ctx.system.gateway.url).origin}/.well-known/credit-report-key.pem`)).text();
    const key = createPublicKey(pem);
    const { canonical } = await signedContent(issued.htmlUrl);
    const signature = Buffer.from(issued.signature, 'base64url');
    expect(verify(null, Buffer.from(canonical), key, signature)).toBe(true);
    const altered = Buffer.from(canonical);
    const at = altered.indexOf(Buffer.from('PRICE_GOUGING'));
    altered[at] = altered[at]! ^ 0x01;
    expect(verify(null, altered, key, signature)).toBe(false);
    const check = (
      await gql(
        `query($n: ID!) { verifyCreditReport(number: $n) { found authentic issuedAt subjectName } reportSigningKey { publicKeyPem } }`,
        { n: issued.number },
      )
    ).data;
    expect(check.verifyCreditReport).toEqual({
      found: true,
      authentic: true,
      issuedAt: issued.issuedAt,
      subjectName: '太仓市娄城医疗器械有限公司',
    });
    expect(check.reportSigningKey.publicKeyPem).toBe(pem);
    const unknown = (await gql(`{ verifyCreditReport(number: "TCXY20260101ZZZZZZZZ") { found authentic } }`)).data.verifyCreditReport;
    expect(unknown).toEqual({ found: false, authentic: false });
  });

  it('renders Chinese in the PDF and carries the signed JSON inside; the verification page tells an altered copy from the issued one', async () => {
    const issued = await issue(ctx.demo.companyCode);
    const pdf = await (await fetch(issued.pdfUrl)).arrayBuffer();
    const text = await pdfText(pdf.slice(0));
    for (const expected of [
      '公共信用信息报告',
      `报告编号：${issued.number}`,
      '太仓市娄城医疗器械有限公司',
      '统一社会信用代码：91320585016648258N',
      '联合惩戒对象名单',
    ])
      expect(text).toContain(expected);
    const attachments = await (await getDocument({ data: new Uint8Array(pdf.slice(0)), verbosity: 0 }).promise).getAttachments();
    const { canonical } = await signedContent(issued.htmlUrl);
    expect(Buffer.from(attachments['report.json'].content).toString('utf8')).toBe(canonical);

    const upload = async (body: Uint8Array): Promise<any> =>
      (
        await fetch(`${new URL(ctx.system.gateway.url).origin}/reports/verify?number=${issued.number}`, {
          method: 'POST',
          body: new Uint8Array(body),
        })
      ).json();
    expect(await upload(new Uint8Array(pdf))).toMatchObject({ found: true, authentic: true, identical: true, unaltered: true });
    const sha = (await upload(new Uint8Array(pdf))).sha256;
    expect(
      (await gql(`query($n: ID!, $s: String) { verifyCreditReport(number: $n, sha256: $s) { unaltered } }`, { n: issued.number, s: sha }))
        .data.verifyCreditReport.unaltered,
    ).toBe(true);
    // A forged copy: the same number and signature, a different name.
    const content = JSON.parse(canonical) as ReportContent;
    const forged = await renderPdf({
      content: { ...content, subject: { ...content.subject, name: '太仓市娄城医疗器械有限责任公司' } },
      canonical,
      signature: issued.signature,
      keyId: 'x',
      verifyUrl: issued.verifyUrl,
    });
    expect(await upload(new Uint8Array(forged))).toMatchObject({
      found: true,
      identical: false,
      contentMatches: false,
      unaltered: false,
      firstDifference: '主体名称：太仓市娄城医疗器械有限公司',
    });
    const page = await (await fetch(issued.verifyUrl)).text();
    expect(page).toContain('真实有效');
    expect(page).toContain(chinaToday());
  });
});

describe('report signing key from configuration', () => {
  it('takes a PEM key or a 64-hex seed, refuses anything else, and is required in production', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { loadSigningKey } = await import('../subgraphs/reports/signing.js');
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromPem = loadSigningKey({ REPORT_SIGNING_KEY: pem });
    expect(fromPem.warnings).toEqual([]);
    expect(fromPem.keyId).toMatch(/^[0-9a-f]{16}$/);
    const seed = '11'.repeat(32);
    expect(loadSigningKey({ REPORT_SIGNING_KEY: seed }).publicKeyPem).toBe(loadSigningKey({ REPORT_SIGNING_KEY: seed }).publicKeyPem);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadSigningKey({ REPORT_SIGNING_KEY: rsa })).toThrow(/must be an Ed25519 key/);
    expect(() => loadSigningKey({ REPORT_SIGNING_KEY: 'not a key' })).toThrow(/REPORT_SIGNING_KEY must be an Ed25519 private key/);
    expect(() => loadSigningKey({ NODE_ENV: 'production' })).toThrow(/REPORT_SIGNING_KEY is not set/);
    expect(loadSigningKey({}).warnings[0]).toMatch(/development key/);
  });
});
