/**
 * The records subgraph's refusals in the caller's language (issue 17): Chinese by default, English when
 * Accept-Language prefers it, the stable extensions.code and extensions.reason (a ReportProblem's `code`)
 * beside the text whatever the language.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { definedCodes } from '../subgraphs/kit/messages.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { RECORDS_MESSAGES } from '../subgraphs/records/messages.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
const EN = { 'accept-language': 'en' };
const MIXED = { 'accept-language': 'fr, zh;q=0.9, en;q=0.5' };

/** A parameter of any shape, in ASCII: a text, a number in a template, a list (join) and a Message (zh/en). */
function sampleParams(): unknown {
  const value = Object.assign(['A1', 'B2'], { code: 'SAMPLE', zh: '样例', en: 'sample' });
  return new Proxy({}, { get: () => value });
}

describe('the records catalogue', () => {
  it('gives every code the RECORDS_ prefix, Chinese zh and English en', () => {
    const codes = Object.keys(RECORDS_MESSAGES);
    expect(codes.length).toBeGreaterThan(50);
    for (const code of codes) {
      expect(code).toMatch(/^RECORDS_[A-Z0-9_]+$/);
      expect(definedCodes().has(code)).toBe(true);
      const message = (RECORDS_MESSAGES as Record<string, (p: unknown) => { code: string; zh: string; en: string }>)[code]!(sampleParams());
      expect(message.code, code).toBe(code);
      expect(message.zh, code).toMatch(CJK);
      // The sample Message parameter's own zh is Chinese; en must not carry any.
      expect(message.en, code).not.toMatch(CJK);
      expect(message.en.trim(), code).not.toBe('');
    }
  });
});

describe('records refusals through the gateway', () => {
  const ctx = useSeededSystem({ seed: false });
  const gql = gatewayClient(ctx);

  it('refuses a non-positive extension in Chinese, in English on request, with code and reason', async () => {
    const EXTEND = `mutation { extendRectification(recordId: "00000000-0000-4000-8000-000000000000", days: 0, reason: "x") { id } }`;
    const zh = await gql(EXTEND, {}, AS.marketRegulation);
    expect(zh.errors[0].message).toBe('days: 须为正整数天数，收到 0');
    expect(zh.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RECORDS_EXTENSION_DAYS_INVALID', field: 'days' });
    const en = await gql(EXTEND, {}, { ...AS.marketRegulation, ...EN });
    expect(en.errors[0].message).toBe('days: must be a positive whole number of days, got 0');
    expect(en.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RECORDS_EXTENSION_DAYS_INVALID' });
    const mixed = await gql(EXTEND, {}, { ...AS.marketRegulation, ...MIXED });
    expect(mixed.errors[0].message).toBe('days: 须为正整数天数，收到 0');
  });

  it('says a record or a tolerance policy is not found, in either language', async () => {
    const FULFIL = `mutation { fulfilCommitment(recordId: "00000000-0000-4000-8000-000000000000") { id } }`;
    const zh = await gql(FULFIL, {}, AS.marketRegulation);
    expect(zh.errors[0].message).toBe('未找到信用记录 00000000-0000-4000-8000-000000000000');
    expect(zh.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RECORDS_RECORD_NOT_FOUND' });
    const en = await gql(FULFIL, {}, { ...AS.marketRegulation, ...EN });
    expect(en.errors[0].message).toBe('credit record 00000000-0000-4000-8000-000000000000 not found');

    const SET = `mutation { setToleranceDeferral(policyId: "NO-SUCH-POLICY", deferral: { days: 30, after: ACT }) { id } }`;
    const policy = await gql(SET, {}, { ...AS.creditOffice, ...EN });
    expect(policy.errors[0].message).toBe('tolerance policy NO-SUCH-POLICY not found');
    expect(policy.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RECORDS_TOLERANCE_POLICY_NOT_FOUND' });
    const both = await gql(
      `mutation { setToleranceDeferral(policyId: "N8-FORCE-MAJEURE-DEFER", deferral: { until: "2026-12-31", days: 30, after: ACT }) { id } }`,
      {},
      { ...AS.creditOffice, ...MIXED },
    );
    expect(both.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deferral', reason: 'RECORDS_DEFERRAL_BOTH_FORMS' });
    expect(both.errors[0].message).toBe('deferral: 请只给出一种暂缓方式：截止日期（until），或起算点（after）加期限（days、months）');
  });

  it("refuses a field the caller's role may not call with the field policy's reason", async () => {
    const SET = `mutation { setToleranceDeferral(policyId: "NO-SUCH-POLICY", deferral: { days: 30, after: ACT }) { id } }`;
    const zh = await gql(SET, {}, AS.marketRegulation);
    expect(zh.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RECORDS_TOLERANCE_DEFERRAL_OFFICE_ONLY' });
    expect(zh.errors[0].message).toContain('只有市信用办可以设定包容审慎政策（暂缓报送期限）');
    const en = await gql(SET, {}, { ...AS.marketRegulation, ...EN });
    expect(en.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RECORDS_TOLERANCE_DEFERRAL_OFFICE_ONLY' });
    expect(en.errors[0].message).toContain('only the credit office sets tolerance policies (deferral periods)');
    expect(en.errors[0].message).not.toMatch(CJK);
  });

  it("renders a report's problems in the caller's language, each with its stable code", async () => {
    const REPORT = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome problems { field reason code } } }`;
    const today = chinaToday();
    const item = (n: number) => ({
      subject: { creditCode: makeCreditCode(`91320585ML${String(n).padStart(7, '0')}`), name: '太仓市语言测试商贸有限公司' },
      category: 'NOT_A_CATEGORY',
      decisionDate: addDays(today, 3),
      facts: '测试。',
      unitReference: `太市监语〔2026〕${n}号`,
    });
    const zh = await gql(REPORT, { i: [item(1)] }, AS.marketRegulation);
    expect(zh.errors).toBeUndefined();
    const problems = zh.data.reportRecords[0].problems as { field: string; reason: string; code: string }[];
    expect(zh.data.reportRecords[0].outcome).toBe('REJECTED');
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          field: 'input[0].category',
          reason: '“NOT_A_CATEGORY”不是记录类别代码：可报送的类别见 memberUnit { reportableCategories }',
          code: 'RECORDS_CATEGORY_UNKNOWN',
        },
        { field: 'input[0].decisionDate', reason: expect.stringContaining('决定日期不能在将来'), code: 'RECORDS_DECISION_DATE_FUTURE' },
      ]),
    );
    const en = await gql(REPORT, { i: [item(2)] }, { ...AS.marketRegulation, ...EN });
    const english = en.data.reportRecords[0].problems as { field: string; reason: string; code: string }[];
    expect(english.map((p) => p.code)).toEqual(problems.map((p) => p.code));
    expect(english).toEqual(
      expect.arrayContaining([
        {
          field: 'input[0].category',
          reason:
            '"NOT_A_CATEGORY" is not a record category code: see memberUnit { reportableCategories } for the categories you may report',
          code: 'RECORDS_CATEGORY_UNKNOWN',
        },
      ]),
    );
    for (const problem of english) expect(problem.reason, problem.code).not.toMatch(CJK);
    const mixed = await gql(REPORT, { i: [item(3)] }, { ...AS.marketRegulation, ...MIXED });
    expect(mixed.data.reportRecords[0].problems.map((p: { reason: string }) => p.reason)).toEqual(problems.map((p) => p.reason));
  });
});
