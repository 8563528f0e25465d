import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { finePenalty } from './support/penalty.js';
import { AS, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

const REPORT = /* GraphQL */ `
  mutation Report($input: [RecordReportInput!]!) {
    reportRecords(input: $input) {
      index unitReference outcome problems { field reason }
      record { id status version severity facts deferredUntil subject { id } toleranceDecision { outcome policyId explanation evidence } history { version content } }
    }
  }
`;

const company = (n: number) => makeCreditCode(`91320585MA${String(n).padStart(7, '0')}`);
let serial = 0;
const item = (overrides: Record<string, unknown> = {}) => ({
  subject: { creditCode: company(1), name: '太仓市测试贸易有限公司' },
  category: 'PRICE_NOT_MARKED',
  decisionDate: '2026-10-08',
  facts: '当事人销售口罩未明码标价。',
  legalBasis: '《中华人民共和国价格法》第十三条',
  penalty: finePenalty('0.2'),
  unitReference: `太市监价罚〔2026〕T${++serial}号`,
  ...overrides,
});
const report = async (input: unknown[], headers: Record<string, string> = AS.marketRegulation) => {
  const { body } = await post(ctx.system.gateway.url, REPORT, { input }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.reportRecords as any[];
};

describe('intake (归集报送)', () => {
  it('creates, recognises a re-send as a duplicate, and keeps history when a changed re-send corrects it', async () => {
    const first = item();
    const [created] = await report([first]);
    expect(created).toMatchObject({ outcome: 'CREATED', record: { status: 'ACTIVE', version: 1, severity: 'GENERAL' } });
    const [again] = await report([first]);
    expect(again).toMatchObject({ outcome: 'DUPLICATE', record: { id: created.record.id, version: 1 } });
    const [corrected] = await report([{ ...first, facts: '当事人销售口罩、消毒液未明码标价。' }]);
    expect(corrected).toMatchObject({
      outcome: 'CORRECTED',
      record: { id: created.record.id, version: 2, facts: '当事人销售口罩、消毒液未明码标价。' },
    });
    expect(corrected.record.history).toHaveLength(1);
    expect(JSON.parse(corrected.record.history[0].content)).toMatchObject({ facts: '当事人销售口罩未明码标价。' });
  });

  it('answers each item for itself: a rejected one names its field and reason and blocks nothing', async () => {
    const results = await report([
      item(),
      item({ subject: { creditCode: '91320585692138384B', name: '某公司' } }),
      item({ category: 'LATE_TAX' }),
      item({ decisionDate: '2099-01-01' }),
      item({ subject: { idNumber: makeIdNumber('320585', '19800101', 11), name: '王五' } }),
      item({ unitReference: '  ' }),
      item(),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'CREATED']);
    expect(results[1].problems).toEqual([
      { field: 'input[1].subject.creditCode', reason: expect.stringContaining('校验码应为“A”，收到“B”') },
    ]);
    expect(results[2].problems[0]).toEqual({
      field: 'input[2].category',
      reason: 'LATE_TAX（未及时纳税）不在单位 market-regulation 可报送的类别之内',
    });
    expect(results[3].problems[0]).toEqual({
      field: 'input[3].decisionDate',
      reason: expect.stringMatching(/^2099-01-01 在今天（中国时间 \d{4}-\d{2}-\d{2}）之后：决定日期不能在将来$/),
    });
    expect(results[4].problems[0]).toMatchObject({
      field: 'input[4].category',
      reason: expect.stringContaining('不适用于自然人'),
    });
    expect(results[5].problems[0]).toMatchObject({ field: 'input[5].unitReference' });
  });

  it('accepts a historic code that fails the check only when told to, flagged', async () => {
    const historic = `${company(7).slice(0, 17)}${company(7).endsWith('0') ? '1' : '0'}`;
    const [refused] = await report([item({ subject: { creditCode: historic, name: '老字号' } })]);
    expect(refused.problems[0].reason).toContain('historicCode: true');
    const [accepted] = await report([item({ subject: { creditCode: historic, name: '老字号', historicCode: true } })]);
    expect(accepted.outcome).toBe('CREATED');
  });

  it('refuses more than 1,000 items in one call, and callers that may not report', async () => {
    const { body } = await post(ctx.system.gateway.url, REPORT, { input: Array.from({ length: 1001 }, () => item()) }, AS.marketRegulation);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    const asBank = await post(ctx.system.gateway.url, REPORT, { input: [item()] }, AS.bank);
    expect(asBank.body.errors[0]).toMatchObject({ path: ['reportRecords'], extensions: { code: 'FORBIDDEN' } });
  });

  it('stores each document number once when overlapping batches arrive at the same time', async () => {
    const batch = Array.from({ length: 40 }, (_, i) =>
      item({ unitReference: `OVERLAP-${i}`, subject: { creditCode: company(100 + i), name: `并发测试${i}号公司` } }),
    );
    const runs = await Promise.all([report(batch.slice(0, 30)), report(batch.slice(10, 40)), report(batch)]);
    const outcomes = runs.flat().map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'CREATED')).toHaveLength(40);
    expect(outcomes.filter((o) => o === 'REJECTED')).toHaveLength(0);
    const rows = await queryRows<{ n: number }>(
      ctx.system.db.records.execute(sql`select count(*)::int as n from records.credit_records where unit_reference like 'OVERLAP-%'`),
    );
    expect(Number(rows[0]!.n)).toBe(40);
  });
});

describe('tolerance at intake, and the emergency response', () => {
  const defaultFor = (n: number) => ({
    subject: { creditCode: company(500 + n), name: `受疫情影响出口企业${n}` },
    category: 'CONTRACT_DEFAULT',
    decisionDate: '2026-10-20',
    facts: '因疫情导致原材料断供，未能按期履行供货合同。',
    unitReference: `（2026）苏0585民初${9000 + n}号`,
    toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '不可抗力事实性证明书及停产通知' },
  });

  it('defers a force-majeure delivery delay (by default until after the emergency) and shows its evidence only to those concerned', async () => {
    const query = `query($id: ID!) { creditRecord(id: $id) { toleranceDecision { outcome evidence } } }`;
    // The seeded deferral counts from the end of the emergency response, which has not ended: no date yet, hidden.
    const [waiting] = await report(
      [{ ...defaultFor(4), category: 'DELIVERY_DELAY', decisionDate: '2020-03-02', unitReference: 'DEFER-0' }],
      { 'x-api-key': 'demo-credit-office' },
    );
    expect(waiting.record).toMatchObject({ status: 'DEFERRED', deferredUntil: null });
    expect((await post(ctx.system.gateway.url, query, { id: waiting.record.id }, AS.health)).body.data.creditRecord).toBeNull();
    // The credit office sets a fixed date instead (setToleranceDeferral).
    const set = await post(
      ctx.system.gateway.url,
      `mutation { setToleranceDeferral(policyId: "N8-FORCE-MAJEURE-DEFER", deferral: { until: "2020-06-30" }) { deferUntil } }`,
      {},
      AS.creditOffice,
    );
    expect(set.body.data.setToleranceDeferral).toEqual({ deferUntil: '2020-06-30' });
    const [deferred] = await report(
      [{ ...defaultFor(3), category: 'DELIVERY_DELAY', decisionDate: '2020-03-02', unitReference: 'DEFER-1' }],
      { 'x-api-key': 'demo-credit-office' },
    );
    // Deferred until 2020-06-30, long past: it reads ACTIVE from then — and a 2020 general record's period has ended since.
    expect(deferred.record).toMatchObject({ status: 'EXPIRED', deferredUntil: '2020-06-30' });
    // Deferred until 2020-06-30, long past: disclosed by itself — but a 2020 general record's window has closed too.
    const office = await post(ctx.system.gateway.url, query, { id: deferred.record.id }, AS.creditOffice);
    expect(office.body.data.creditRecord.toleranceDecision.evidence).toBe('不可抗力事实性证明书及停产通知');
    // Its deferral is over, so the record is shared with other units; the evidence is not.
    const unit = await post(ctx.system.gateway.url, query, { id: deferred.record.id }, AS.health);
    expect(unit.body.data.creditRecord.toleranceDecision).toEqual({ outcome: 'DEFER_REPORTING', evidence: null });
    expect(unit.body.errors[0]).toMatchObject({
      path: ['creditRecord', 'toleranceDecision', 'evidence'],
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('exempts a force-majeure contract default reported during the emergency, invisible to PUBLIC; the same after the end is recorded', async () => {
    const [during] = await report([defaultFor(1)], { 'x-api-key': 'demo-credit-office' });
    expect(during.record).toMatchObject({
      status: 'EXEMPTED',
      toleranceDecision: { outcome: 'EXEMPT', policyId: 'N9-FORCE-MAJEURE-EXEMPT' },
    });
    const asPublic = await post(ctx.system.gateway.url, `query($id: ID!) { creditRecord(id: $id) { id } }`, { id: during.record.id });
    expect(asPublic.body.data.creditRecord).toBeNull();

    const ended = await post(
      ctx.system.gateway.url,
      `mutation { endEmergencyResponse(on: "2026-10-31") { endedOn setBy } }`,
      {},
      AS.creditOffice,
    );
    expect(ended.body.data.endEmergencyResponse).toEqual({ endedOn: '2026-10-31', setBy: 'CREDIT_OFFICE:credit-office' });
    const [after] = await report([defaultFor(2)], { 'x-api-key': 'demo-credit-office' });
    expect(after.record).toMatchObject({ status: 'ACTIVE', toleranceDecision: { outcome: 'NONE', policyId: null } });
    expect(after.record.toleranceDecision.explanation).toContain('2026-10-31失效');
    const policies = await post(ctx.system.gateway.url, `{ tolerancePolicies { id inForceToday } }`);
    expect(policies.body.data.tolerancePolicies.every((p: any) => p.inForceToday === false)).toBe(true);
  });
});

describe('a subject first met in a report', () => {
  it('gets a credit file in the subjects subgraph once the event is applied; the ID number never travels in clear', async () => {
    const idNumber = makeIdNumber('320585', '19900315', 123);
    const [created] = await report([item({ category: 'HOARDING', subject: { idNumber, name: '赵六' }, unitReference: 'PERSON-1' })]);
    expect(created.outcome).toBe('CREATED');
    const personId = created.record.subject.id;
    const before = await post(ctx.system.gateway.url, `query($id: ID!) { subject(id: $id) { id } }`, { id: personId }, AS.creditOffice);
    expect(before.body.data.subject).toBeNull();

    await Promise.all(ctx.system.consumers.map((consumer) => consumer.pollOnce()));
    const after = await post(
      ctx.system.gateway.url,
      `query($id: ID!) { subject(id: $id) { id kind name idNumberMasked idNumber } }`,
      { id: personId },
      AS.creditOffice,
    );
    expect(after.body.data.subject).toEqual({
      id: personId,
      kind: 'NATURAL_PERSON',
      name: '赵六',
      idNumberMasked: `3205**********${idNumber.slice(-4)}`,
      idNumber,
    });

    const outbox = await queryRows<{ payload: unknown }>(ctx.system.db.records.execute(sql`select payload from records.outbox`));
    expect(JSON.stringify(outbox)).not.toContain(idNumber);
  });
});
