/**
 * Intake item by item (issue 14, finding 11), through the gateway: a malformed value rejects only its item,
 * each result carries the stored record's id, rectification outcomes keep their history within a limit of
 * extensions, and every breach of a commitment is kept.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../subgraphs/kit/config.js';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { loadRectificationLimits } from '../subgraphs/records/rectification.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const today = chinaToday();
const REPORT = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { index unitReference outcome recordId problems { field reason } record { id status severity decisionDate } } }`;
let serial = 0;
const company = () => makeCreditCode(`91320585MT${String(++serial).padStart(7, '0')}`);
const item = (overrides: Record<string, unknown> = {}) => ({
  subject: { creditCode: company(), name: `太仓市逐条测试${serial}号商贸有限公司` },
  category: 'PRICE_NOT_MARKED',
  decisionDate: addDays(today, -20),
  facts: '销售口罩未明码标价。',
  penalty: finePenalty('0.2'),
  unitReference: `太市监价罚〔2026〕IT${serial}号`,
  ...overrides,
});
const report = async (items: unknown[], headers: Record<string, string> = AS.marketRegulation) => {
  const body = await gql(REPORT, { i: items }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.reportRecords as any[];
};
const stored = async (prefix: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        ctx.system.db.records.execute(sql`select count(*)::int as n from records.credit_records where unit_reference like ${`${prefix}%`}`),
      )
    )[0]!.n,
  );

describe('one malformed value rejects its item, not the call', () => {
  it('names the field of a wrong date, an unknown category, severity or cause, and stores the others; a retry duplicates nothing', async () => {
    const batch = [
      item({ unitReference: 'ITEMS-A-0' }),
      item({ unitReference: 'ITEMS-A-1', decisionDate: '2026-02-30' }),
      item({ unitReference: 'ITEMS-A-2', category: 'NOT_A_CATEGORY' }),
      item({ unitReference: 'ITEMS-A-3', severity: 'HUGE' }),
      item({ unitReference: 'ITEMS-A-4', category: 'REOPENING_NONCOMPLIANCE', penalty: null, rectificationDeadline: '2026-13-01' }),
      item({
        unitReference: 'ITEMS-A-5',
        category: 'CONTRACT_DEFAULT',
        penalty: null,
        toleranceClaim: { cause: 'ALIENS', evidence: '无' },
      }),
      item({ unitReference: 'ITEMS-A-6', decisionDate: '2026/10/08' }),
      item({ unitReference: 'ITEMS-A-7', severity: 'SERIOUS' }),
    ];
    const first = await report(batch, AS.creditOffice);
    expect(first.map((r) => r.outcome)).toEqual([
      'CREATED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'CREATED',
    ]);
    expect(first[1].problems).toEqual([{ field: 'input[1].decisionDate', reason: '应为有效日历日期（YYYY-MM-DD），收到 2026-02-30' }]);
    expect(first[2].problems).toEqual([
      { field: 'input[2].category', reason: expect.stringContaining('“NOT_A_CATEGORY”不是记录类别代码') },
    ]);
    expect(first[3].problems).toEqual([{ field: 'input[3].severity', reason: '“HUGE”不是失信程度：须为 MINOR、GENERAL、SERIOUS 之一' }]);
    expect(first[4].problems).toEqual([
      { field: 'input[4].rectificationDeadline', reason: '应为有效日历日期（YYYY-MM-DD），收到 2026-13-01' },
    ]);
    expect(first[5].problems).toEqual([
      { field: 'input[5].toleranceClaim.cause', reason: expect.stringContaining('“ALIENS”不是包容审慎原因') },
    ]);
    expect(first[6].problems[0]).toMatchObject({ field: 'input[6].decisionDate' });
    expect(first[7].record).toMatchObject({ severity: 'SERIOUS', status: 'ACTIVE' });
    expect(first.filter((r) => r.outcome === 'REJECTED').every((r) => r.recordId === null && r.record === null)).toBe(true);
    expect(await stored('ITEMS-A-')).toBe(2);

    const again = await report(batch, AS.creditOffice);
    expect(again.map((r) => r.outcome)).toEqual([
      'DUPLICATE',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'DUPLICATE',
    ]);
    expect([again[0].recordId, again[7].recordId]).toEqual([first[0].recordId, first[7].recordId]);
    expect(await stored('ITEMS-A-')).toBe(2);
  });

  it('answers reportRecord the same way, on input.<field>, and refuses a future date in Chinese', async () => {
    const one = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome recordId problems { field reason } } }`,
      { i: item({ unitReference: 'ITEMS-B-1', decisionDate: '2026-02-29' }) },
      AS.marketRegulation,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data.reportRecord).toEqual({
      outcome: 'REJECTED',
      recordId: null,
      problems: [{ field: 'input.decisionDate', reason: '应为有效日历日期（YYYY-MM-DD），收到 2026-02-29' }],
    });
    const future = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome problems { field reason } } }`,
      { i: item({ unitReference: 'ITEMS-B-2', decisionDate: addDays(today, 3) }) },
      AS.marketRegulation,
    );
    expect(future.data.reportRecord.problems).toEqual([
      { field: 'input.decisionDate', reason: expect.stringContaining('决定日期不能在将来') },
    ]);
    expect(await stored('ITEMS-B-')).toBe(0);
  });
});

describe('the stored record id on every result', () => {
  it('is there for a subject first met in the batch (organisation or person) as for a known one, and resolves at once', async () => {
    const code = company();
    const person = { idNumber: makeIdNumber('320585', '19880412', 77), name: '钱七' };
    const query = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome recordId record { id subject { id } } } }`;
    const batch = [
      item({ unitReference: 'ITEMS-C-1', subject: { creditCode: code, name: '太仓市初见商贸有限公司' } }),
      item({ unitReference: 'ITEMS-C-2', category: 'HOARDING', subject: person }),
      item({ unitReference: 'ITEMS-C-3', subject: { creditCode: code, name: '太仓市初见商贸有限公司' } }),
    ];
    const body = await gql(query, { i: batch }, AS.marketRegulation);
    const results = body.data.reportRecords as any[];
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    for (const result of results) {
      expect(result.recordId).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.record.id).toBe(result.recordId);
      const read = await gql(
        `query($id: ID!) { creditRecord(id: $id) { id unitReference } }`,
        { id: result.recordId },
        AS.marketRegulation,
      );
      expect(read.data.creditRecord.id).toBe(result.recordId);
    }
    const again = (await gql(query, { i: batch }, AS.marketRegulation)).data.reportRecords as any[];
    expect(again.map((r) => [r.outcome, r.recordId])).toEqual(results.map((r) => ['DUPLICATE', r.recordId]));
  });
});

describe('rectification (整改): outcome history and a limit on extensions', () => {
  const RECT = `rectification { deadline originalDeadline status completedOn extensionsLeft extensionDaysLeft extensions { days by } outcomeHistory { outcome on previousOutcome previousOn by } }`;
  const EXTEND = `mutation($id: ID!, $days: Int!) { extendRectification(recordId: $id, days: $days, reason: "疫情反复，企业申请延期") { ${RECT} } }`;
  const OUTCOME = `mutation($id: ID!, $o: RectificationResult!, $on: Date!) { recordRectification(recordId: $id, outcome: $o, on: $on) { ${RECT} } }`;
  const READ = `query($id: ID!) { creditRecord(id: $id) { ${RECT} } }`;
  const reopening = async (deadline: string) => {
    const [created] = await report(
      [item({ category: 'REOPENING_NONCOMPLIANCE', penalty: null, rectificationDeadline: deadline, unitReference: `ITEMS-R-${serial}` })],
      AS.creditOffice,
    );
    expect(created.outcome).toBe('CREATED');
    return created.recordId as string;
  };

  it('reads its limits from the environment, with defaults, and refuses nonsense at start-up', () => {
    expect(loadRectificationLimits({})).toEqual({ maxExtensions: 2, maxExtensionDays: 60 });
    expect(loadRectificationLimits({ RECTIFICATION_MAX_EXTENSIONS: '3', RECTIFICATION_MAX_EXTENSION_DAYS: '90' })).toEqual({
      maxExtensions: 3,
      maxExtensionDays: 90,
    });
    expect(() => loadRectificationLimits({ RECTIFICATION_MAX_EXTENSIONS: 'many' })).toThrow(ConfigError);
  });

  it('grants two extensions at most and 60 days in all, refusing the rest with CONFLICT and changing nothing', async () => {
    const deadline = addDays(today, 10);
    const id = await reopening(deadline);
    expect((await gql(READ, { id }, AS.creditOffice)).data.creditRecord.rectification).toMatchObject({
      extensionsLeft: 2,
      extensionDaysLeft: 60,
    });
    const first = await gql(EXTEND, { id, days: 50 }, AS.creditOffice);
    expect(first.data.extendRectification.rectification).toMatchObject({
      deadline: addDays(deadline, 50),
      extensionsLeft: 1,
      extensionDaysLeft: 10,
    });
    const tooLong = await gql(EXTEND, { id, days: 11 }, AS.creditOffice);
    expect(tooLong.errors[0].extensions.code).toBe('CONFLICT');
    expect(tooLong.errors[0].message).toContain('本次最多还可延长10日');
    const second = await gql(EXTEND, { id, days: 10 }, AS.creditOffice);
    expect(second.data.extendRectification.rectification).toMatchObject({
      deadline: addDays(deadline, 60),
      extensionsLeft: 0,
      extensionDaysLeft: 0,
    });
    const third = await gql(EXTEND, { id, days: 1 }, AS.creditOffice);
    expect(third.errors[0].extensions.code).toBe('CONFLICT');
    expect(third.errors[0].message).toContain('达到上限');
    expect((await gql(READ, { id }, AS.creditOffice)).data.creditRecord.rectification).toMatchObject({
      deadline: addDays(deadline, 60),
      extensions: [{ days: 50 }, { days: 10 }],
    });

    const three = await reopening(addDays(today, 5));
    for (const days of [5, 5]) expect((await gql(EXTEND, { id: three, days }, AS.creditOffice)).errors).toBeUndefined();
    expect((await gql(EXTEND, { id: three, days: 5 }, AS.creditOffice)).errors[0].extensions.code).toBe('CONFLICT');
  });

  it('keeps every outcome with the one it replaced, who and when; the same again adds nothing; no extension after an outcome', async () => {
    const id = await reopening(addDays(today, -2));
    const notYet = (await gql(OUTCOME, { id, o: 'NOT_RECTIFIED', on: addDays(today, -1) }, AS.creditOffice)).data.recordRectification
      .rectification;
    expect(notYet).toMatchObject({
      status: 'NOT_RECTIFIED',
      outcomeHistory: [
        { outcome: 'NOT_RECTIFIED', on: addDays(today, -1), previousOutcome: null, previousOn: null, by: 'CREDIT_OFFICE:credit-office' },
      ],
    });
    const done = (await gql(OUTCOME, { id, o: 'RECTIFIED', on: today }, AS.creditOffice)).data.recordRectification.rectification;
    expect(done).toMatchObject({ status: 'RECTIFIED', completedOn: today });
    expect(done.outcomeHistory).toEqual([
      { outcome: 'NOT_RECTIFIED', on: addDays(today, -1), previousOutcome: null, previousOn: null, by: 'CREDIT_OFFICE:credit-office' },
      {
        outcome: 'RECTIFIED',
        on: today,
        previousOutcome: 'NOT_RECTIFIED',
        previousOn: addDays(today, -1),
        by: 'CREDIT_OFFICE:credit-office',
      },
    ]);
    const same = (await gql(OUTCOME, { id, o: 'RECTIFIED', on: today }, AS.creditOffice)).data.recordRectification.rectification;
    expect(same.outcomeHistory).toHaveLength(2);
    const byOther = await gql(OUTCOME, { id, o: 'NOT_RECTIFIED', on: today }, AS.health);
    expect(byOther.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(EXTEND, { id, days: 5 }, AS.creditOffice)).errors[0].extensions.code).toBe('CONFLICT');
    expect((await gql(READ, { id }, AS.creditOffice)).data.creditRecord.rectification.outcomeHistory).toHaveLength(2);
  });
});

describe('commitments (信用承诺): every breach is kept', () => {
  it('lists each breaching record; breachedBy stays the first', async () => {
    const subject = { creditCode: company(), name: '太仓市守诺测试超市有限公司' };
    const COMMITMENT = `commitment { status breachedBy { id } breaches { id decisionDate } }`;
    const [pledge] = await report([
      {
        subject,
        category: 'PRICE_SELF_DISCIPLINE',
        decisionDate: addDays(today, -60),
        facts: '签署防疫物资价格自律承诺书',
        unitReference: 'ITEMS-PLEDGE',
      },
    ]);
    const breach = (n: number, daysAgo: number) => ({
      subject,
      category: 'PRICE_GOUGING',
      decisionDate: addDays(today, -daysAgo),
      facts: `第${n}次哄抬口罩价格`,
      penalty: finePenalty('1'),
      unitReference: `ITEMS-BREACH-${n}`,
      breachesCommitment: pledge.recordId,
    });
    const [first] = await report([breach(1, 30)]);
    const [second] = await report([breach(2, 10)]);
    const read = await gql(`query($id: ID!) { creditRecord(id: $id) { ${COMMITMENT} } }`, { id: pledge.recordId }, AS.marketRegulation);
    expect(read.data.creditRecord.commitment).toEqual({
      status: 'BREACHED',
      breachedBy: { id: first.recordId },
      breaches: [
        { id: first.recordId, decisionDate: addDays(today, -30) },
        { id: second.recordId, decisionDate: addDays(today, -10) },
      ],
    });
    // A re-send of the second breach changes nothing; a correction of it keeps both.
    await report([breach(2, 10)]);
    await report([{ ...breach(2, 10), facts: '第2次哄抬口罩价格（更正）' }]);
    const after = await gql(`query($id: ID!) { creditRecord(id: $id) { ${COMMITMENT} } }`, { id: pledge.recordId }, AS.marketRegulation);
    expect(after.data.creditRecord.commitment.breaches.map((b: any) => b.id)).toEqual([first.recordId, second.recordId]);
    expect(after.data.creditRecord.commitment.breachedBy).toEqual({ id: first.recordId });
  });
});
