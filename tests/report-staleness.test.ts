/**
 * Issue 13, finding 3: a report states the file as it is when issued. Asking again after anything the
 * report says changed issues a new number; the same content on the same day is the same report; an older
 * number stays authentic for its time and says that a newer report exists, never telling a person's
 * details; every ask composes, so every ask counts against the address's budget.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import type { ReportContent } from '../subgraphs/reports/compose.js';
import { pinClock } from './support/clock.js';
import { AS, gatewayClient, recordReporter, useSeededSystem } from './support/system.js';

const statements: { subgraph: string; sql: string }[] = [];
const ctx = useSeededSystem({ seed: false, observer: (subgraph, sql) => statements.push({ subgraph, sql }) });
const gql = gatewayClient(ctx);
// Repairs and objections get working-day deadlines: every test runs on a day of a known calendar year (support/clock.ts).
pinClock();
const report = recordReporter(ctx, 'STALE');
const settle = ctx.settle;
const token = ctx.asSubject;

/** Every ask of this file, all from 127.0.0.1: the budget test below knows how many came before it. */
let asks = 0;
const BY_CODE = `query($c: String!) { subjectByCode(code: $c) { creditReport { number issuedAt htmlUrl verifyUrl } } }`;
const ask = async (code: string) => {
  asks += 1;
  const body = await gql(BY_CODE, { c: code });
  expect(body.errors).toBeUndefined();
  return body.data.subjectByCode.creditReport as { number: string; issuedAt: string; htmlUrl: string; verifyUrl: string };
};
const VERIFY = `query($n: ID!) { verifyCreditReport(number: $n) { found authentic issuedAt audience subjectName subjectCode superseded latestNumber latestIssuedAt } }`;
const verify = async (number: string) => (await gql(VERIFY, { n: number })).data.verifyCreditReport;
const verificationPage = async (verifyUrl: string) => (await fetch(verifyUrl)).text();

async function contentOf(htmlUrl: string, headers: Record<string, string> = {}): Promise<ReportContent> {
  const html = await (await fetch(htmlUrl, { headers })).text();
  return JSON.parse(/<script type="application\/json" id="signed-content">([\s\S]*?)<\/script>/.exec(html)![1]!) as ReportContent;
}
const penalties = (content: ReportContent) => content.sections.find((s) => s.key === 'penalties')!.records;

let serial = 0;
async function companyWithPenalty() {
  serial += 1;
  const creditCode = makeCreditCode(`91320585TL${String(serial).padStart(7, '0')}`);
  const subject = { creditCode, name: `时效测试${serial}号有限公司` };
  // Decided 200 days ago: public (general, 3 months to 1 year) and already eligible for repair.
  const recordId = await report(AS.marketRegulation, subject, 'PRICE_NOT_MARKED', {
    severity: 'GENERAL',
    decisionDate: addDays(chinaToday(), -200),
  });
  await settle();
  return { ...subject, recordId, asSubject: await token(creditCode) };
}

describe('never stale: a report states the file as it is when issued', () => {
  it('issues a new number once an approved repair takes the penalty off, reuses it while nothing changes, and the old number says a newer one exists', async () => {
    const company = await companyWithPenalty();
    const first = await ask(company.creditCode);
    expect(penalties(await contentOf(first.htmlUrl)).map((r) => r.category)).toEqual(['PRICE_NOT_MARKED']);
    expect((await ask(company.creditCode)).number).toBe(first.number); // nothing changed: the same report

    const applied = await gql(
      `mutation($id: ID!) { applyForRepair(input: { recordId: $id, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true }) { application { id } } }`,
      { id: company.recordId },
      company.asSubject,
    );
    const MOVE = `mutation($id: ID!, $to: RepairState!) { moveRepairApplication(id: $id, to: $to) { state } }`;
    const application = applied.data.applyForRepair.application.id;
    expect((await gql(MOVE, { id: application, to: 'ACCEPTED' }, AS.creditOffice)).errors).toBeUndefined();
    expect((await gql(MOVE, { id: application, to: 'APPROVED' }, AS.creditOffice)).errors).toBeUndefined();
    await settle();
    expect(
      (await gql(`query($id: ID!) { creditRecord(id: $id) { status } }`, { id: company.recordId }, AS.creditOffice)).data.creditRecord
        .status,
    ).toBe('REPAIRED');

    // The same day, after the repair: a new report that no longer lists the penalty.
    const second = await ask(company.creditCode);
    expect(second.number).not.toBe(first.number);
    expect(second.number.slice(4, 12)).toBe(first.number.slice(4, 12));
    expect(penalties(await contentOf(second.htmlUrl))).toEqual([]);
    expect((await ask(company.creditCode)).number).toBe(second.number); // nothing changed since: reused

    // The old number: authentic for its time (its content unchanged, the penalty still in it), and superseded.
    expect(await verify(first.number)).toEqual({
      found: true,
      authentic: true,
      issuedAt: first.issuedAt,
      audience: 'PUBLIC',
      subjectName: company.name,
      subjectCode: company.creditCode,
      superseded: true,
      latestNumber: second.number,
      latestIssuedAt: second.issuedAt,
    });
    expect(penalties(await contentOf(first.htmlUrl)).map((r) => r.category)).toEqual(['PRICE_NOT_MARKED']);
    expect(await verify(second.number)).toMatchObject({
      found: true,
      authentic: true,
      superseded: false,
      latestNumber: null,
      latestIssuedAt: null,
    });
    const oldPage = await verificationPage(first.verifyUrl);
    expect(oldPage).toContain('真实有效');
    expect(oldPage).toMatch(new RegExp(`id="superseded">[^<]*更新的报告[^<]*${second.number}`));
    expect(await verificationPage(second.verifyUrl)).not.toContain('id="superseded"');
    expect((await verify('TCXY20260101ZZZZZZZZ')).superseded).toBeNull();
  });

  it('issues a new number when a record is added, when an objection disputes one, and when the objection withdraws it', async () => {
    const company = await companyWithPenalty();
    const numbers = [(await ask(company.creditCode)).number];
    await report(AS.marketRegulation, { creditCode: company.creditCode, name: company.name }, 'PRICE_NOT_MARKED', {
      severity: 'GENERAL',
      decisionDate: addDays(chinaToday(), -30),
    });
    await settle();
    const added = await ask(company.creditCode);
    numbers.push(added.number);
    expect(penalties(await contentOf(added.htmlUrl))).toHaveLength(2);

    const raised = await gql(
      `mutation($id: ID!) { raiseObjection(input: { recordId: $id, grounds: "处罚决定书所列商品并非本店销售" }) { objection { id } } }`,
      { id: company.recordId },
      company.asSubject,
    );
    await settle();
    const disputed = await ask(company.creditCode);
    numbers.push(disputed.number);
    expect(
      penalties(await contentOf(disputed.htmlUrl))
        .map((r) => r.status)
        .sort(),
    ).toEqual(['ACTIVE', 'DISPUTED']);

    const resolved = await gql(
      `mutation($id: ID!) { resolveObjection(id: $id, outcome: WITHDRAWN, reason: "经核实，处罚对象认定错误，撤销该记录") { state } }`,
      { id: raised.data.raiseObjection.objection.id },
      AS.marketRegulation,
    );
    expect(resolved.data.resolveObjection.state).toBe('WITHDRAWN');
    await settle();
    const withdrawn = await ask(company.creditCode);
    numbers.push(withdrawn.number);
    expect(penalties(await contentOf(withdrawn.htmlUrl)).map((r) => r.status)).toEqual(['ACTIVE']);

    expect(new Set(numbers).size).toBe(4);
    expect((await ask(company.creditCode)).number).toBe(withdrawn.number);
    for (const older of numbers.slice(0, 3))
      expect(await verify(older)).toMatchObject({ authentic: true, superseded: true, latestNumber: withdrawn.number });
  });

  it('keeps a person’s report private: the old number says a newer one exists, never which, when or whose', async () => {
    const idNumber = makeIdNumber('320585', '19800101', 41);
    const name = '时效测试人';
    await report(AS.marketRegulation, { idNumber, name }, 'HOARDING', { severity: 'GENERAL', decisionDate: addDays(chinaToday(), -60) });
    await settle();
    const personId = (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data
      .subjectByIdNumber.id as string;
    const asPerson = await token(personId);
    const FULL = `query($id: ID!) { subject(id: $id) { creditReport(full: true) { number htmlUrl verifyUrl } } }`;
    const askFull = async () => {
      asks += 1;
      return (await gql(FULL, { id: personId }, asPerson)).data.subject.creditReport as {
        number: string;
        htmlUrl: string;
        verifyUrl: string;
      };
    };
    const first = await askFull();
    expect((await contentOf(first.htmlUrl, asPerson)).subject.name).toBe(name);
    expect((await askFull()).number).toBe(first.number);
    await report(AS.marketRegulation, { idNumber, name }, 'HOARDING', { severity: 'GENERAL', decisionDate: addDays(chinaToday(), -10) });
    await settle();
    const second = await askFull();
    expect(second.number).not.toBe(first.number);

    expect(await verify(first.number)).toEqual({
      found: true,
      authentic: true,
      issuedAt: expect.any(String),
      audience: 'SUBJECT',
      subjectName: null,
      subjectCode: null,
      superseded: true,
      latestNumber: null,
      latestIssuedAt: null,
    });
    const page = await verificationPage(first.verifyUrl);
    expect(page).toContain('id="superseded"');
    for (const secret of [name, second.number, idNumber, personId]) expect(page).not.toContain(secret);
  });

  it('counts every ask against the address, reused or not: past the budget no federated query runs', async () => {
    const company = await companyWithPenalty();
    statements.length = 0;
    const first = await ask(company.creditCode);
    expect(new Set(statements.map((s) => s.subgraph))).toEqual(new Set(['subjects', 'records', 'incentives', 'reports'])); // an ask composes
    let refused: any;
    // 120 asks an hour per address; reused reports are far past the 30 new ones an hour and still answer.
    for (let n = asks; n < 200 && !refused; n++) {
      asks += 1;
      const body = await gql(BY_CODE, { c: company.creditCode });
      if (body.errors) refused = body.errors[0];
      else expect(body.data.subjectByCode.creditReport.number).toBe(first.number);
    }
    expect(refused?.extensions?.code).toBe('RATE_LIMITED');
    expect(asks).toBe(121);
    // Refused before composing: no subgraph but reports reads anything for the report.
    statements.length = 0;
    const again = await gql(`query($c: String!) { subjectByCode(code: $c) { creditReport { number } } }`, { c: company.creditCode });
    expect(again.errors[0].extensions.code).toBe('RATE_LIMITED');
    const composed = statements.filter((s) => s.subgraph !== 'reports' && s.subgraph !== 'subjects');
    expect(composed).toEqual([]);
  });
});
