/**
 * Issue 14 leftovers, attacked through the gateway as a clerk would meet them:
 * - a unit's re-send (correction) while the subject's objection is still open must not end the objection's
 *   DISPUTED mark: repairs still holds the case open, so records keeps the record DISPUTED until it is resolved;
 *   a re-send after a CORRECTED resolution (PENDING_CORRECTION) still restores display, and an exemption the
 *   re-send earns still takes effect;
 * - the catalogue's `repairable` and `applyForRepair` give the same answer for every category.
 */
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { pinClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const drain = ctx.settle;
// Objections get working-day deadlines: a fixed day of a known calendar year (support/clock.ts).
pinClock('2026-11-16');
const TAX = { 'x-api-key': 'demo-tax' };

const REPORT = `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } problems { field reason } } }`;
const RAISE = `mutation($id: ID!, $g: String!) { raiseObjection(input: { recordId: $id, grounds: $g }) { objection { id number state } } }`;
const RESOLVE = `mutation($id: ID!, $o: ObjectionOutcome!, $r: String!) { resolveObjection(id: $id, outcome: $o, reason: $r) { state correctBy correctionReceivedAt } }`;
const OFFICE_VIEW = `query($id: ID!) { creditRecord(id: $id) { status facts version toleranceDecision { outcome } } }`;
const PUBLIC_VIEW = `query($id: ID!) { creditRecord(id: $id) { status facts } }`;
const OWN_VIEW = `query($id: ID!) { creditRecord(id: $id) { status objections { number state } } }`;

let serial = 0;
/** A record reported by `unit` about a fresh company, known to repairs; with the company's token. */
async function reported(unit: Record<string, string>, fields: Record<string, unknown>) {
  const n = ++serial;
  const creditCode = makeCreditCode(`91320585LR${String(n).padStart(7, '0')}`);
  const input = {
    subject: { creditCode, name: `遗留问题测试${n}号公司` },
    decisionDate: '2026-05-06',
    unitReference: `LR-${n}`,
    ...fields,
  };
  const body = await gql(REPORT, { i: input }, unit);
  expect(body.data.reportRecord).toMatchObject({ outcome: 'CREATED', problems: [] });
  await drain();
  const token = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode });
  return { input, recordId: body.data.reportRecord.record.id as string, asSubject: { authorization: `Bearer ${token}` } };
}

async function resend(unit: Record<string, string>, input: Record<string, unknown>) {
  const body = await gql(REPORT, { i: input }, unit);
  expect(body.data.reportRecord).toMatchObject({ outcome: 'CORRECTED', problems: [] });
  await drain();
}

async function objectTo(recordId: string, asSubject: Record<string, string>, grounds = '处罚金额登记有误') {
  const raised = await gql(RAISE, { id: recordId, g: grounds }, asSubject);
  expect(raised.errors).toBeUndefined();
  await drain();
  return raised.data.raiseObjection.objection as { id: string; number: string; state: string };
}

const priceRecord = (facts: string) => ({ category: 'PRICE_NOT_MARKED', facts, penalty: finePenalty('0.5') });

describe('a re-send while an objection is open', () => {
  it('keeps the record DISPUTED until the objection is resolved, showing the re-sent content marked', async () => {
    const { input, recordId, asSubject } = await reported(AS.marketRegulation, priceRecord('未明码标价（金额登记为5000元）'));
    const objection = await objectTo(recordId, asSubject);
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({ status: 'DISPUTED', version: 1 });

    // The unit corrects the facts while the subject's objection is under verification: twice.
    await resend(AS.marketRegulation, { ...input, facts: '未明码标价（金额更正为500元）' });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({
      status: 'DISPUTED',
      facts: '未明码标价（金额更正为500元）',
      version: 2,
    });
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toEqual({
      status: 'DISPUTED',
      facts: '未明码标价（金额更正为500元）',
    });
    await resend(AS.marketRegulation, { ...input, facts: '未明码标价（金额更正为500元，已补正文书）' });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({ status: 'DISPUTED', version: 3 });

    // Repairs still holds the case open, and the one-open-objection rule still stands.
    expect((await gql(OWN_VIEW, { id: recordId }, asSubject)).data.creditRecord).toEqual({
      status: 'DISPUTED',
      objections: [{ number: objection.number, state: 'SUBMITTED' }],
    });
    const second = await gql(RAISE, { id: recordId, g: '再次提出' }, asSubject);
    expect(second.errors[0].extensions.code).toBe('CONFLICT');

    // Resolved: only now does the record return to display as the re-sent version.
    expect(
      (await gql(RESOLVE, { id: objection.id, o: 'UPHELD', r: '经核实，记录（更正后）无误' }, AS.marketRegulation)).errors,
    ).toBeUndefined();
    await drain();
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({
      status: 'ACTIVE',
      facts: '未明码标价（金额更正为500元，已补正文书）',
      version: 3,
    });
  });

  it('takes the re-sent version as the correction when resolved CORRECTED, and a re-send after CORRECTED still restores display', async () => {
    const { input, recordId, asSubject } = await reported(AS.marketRegulation, priceRecord('未明码标价（金额登记为8000元）'));
    const first = await objectTo(recordId, asSubject);
    await resend(AS.marketRegulation, { ...input, facts: '未明码标价（金额更正为800元）' });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('DISPUTED');
    const resolved = await gql(RESOLVE, { id: first.id, o: 'CORRECTED', r: '报送单位已更正金额' }, AS.marketRegulation);
    expect(resolved.data.resolveObjection).toMatchObject({ state: 'CORRECTED', correctBy: null, correctionReceivedAt: expect.any(String) });
    await drain();
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toEqual({
      status: 'ACTIVE',
      facts: '未明码标价（金额更正为800元）',
    });

    // A second objection, CORRECTED before any re-send: withheld (PENDING_CORRECTION) until the unit re-sends it.
    const second = await objectTo(recordId, asSubject, '处罚日期登记有误');
    expect(
      (await gql(RESOLVE, { id: second.id, o: 'CORRECTED', r: '日期登记有误，报送单位将更正' }, AS.marketRegulation)).data.resolveObjection
        .correctBy,
    ).not.toBeNull();
    await drain();
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('PENDING_CORRECTION');
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toBeNull();
    await resend(AS.marketRegulation, { ...input, facts: '未明码标价（金额更正为800元，日期已更正）' });
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toEqual({
      status: 'ACTIVE',
      facts: '未明码标价（金额更正为800元，日期已更正）',
    });
  });

  it('keeps DISPUTED over a plain correction, yet lets an exemption the re-send earns take effect (and survive the resolution)', async () => {
    // GENERAL, so that its period (a year) has not ended by the pinned day.
    const late = { category: 'LATE_TAX', severity: 'GENERAL', facts: '未按期申报缴纳2026年3月增值税', decisionDate: '2026-04-20' };
    const { input, recordId, asSubject } = await reported(TAX, late);
    const objection = await objectTo(recordId, asSubject, '逾期系疫情封控所致');
    await resend(TAX, { ...input, facts: '未按期申报缴纳2026年3月增值税（滞纳12日）' });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({ status: 'DISPUTED', version: 2 });

    // The unit accepts the subject's point and re-sends with the force-majeure claim: 暂不纳入失信记录, not shown.
    await resend(TAX, {
      ...input,
      facts: '未按期申报缴纳2026年3月增值税（滞纳12日）',
      toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '所在园区封控通知（2026年4月1日至15日）' },
    });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({
      status: 'EXEMPTED',
      toleranceDecision: { outcome: 'EXEMPT' },
      version: 3,
    });
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toBeNull();
    await gql(RESOLVE, { id: objection.id, o: 'UPHELD', r: '已按不可抗力豁免' }, TAX);
    await drain();
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('EXEMPTED');
  });
});

describe('the catalogue and applyForRepair agree', () => {
  const CATEGORIES = `{ recordCategories { code kind repairable appliesToOrganisations requiresRectification } }`;
  const APPLY = `mutation($input: RepairApplicationInput!) { applyForRepair(input: $input) { application { id state } } }`;
  const REPORT_ALL = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome record { id } problems { field reason } } }`;
  const NEGATIVE = ['ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT'];

  it('files a repair for exactly the categories the catalogue calls repairable, and refuses the others on the record', async () => {
    const categories = (await gql(CATEGORIES)).data.recordCategories as {
      code: string;
      kind: string;
      repairable: boolean;
      appliesToOrganisations: boolean;
      requiresRectification: boolean;
    }[];
    expect(categories.length).toBeGreaterThan(30);
    // The decision (REFERENCE.md, 发改办财金〔2019〕527号 特定严重失信行为): counterfeit goods that endanger life and health are not repairable.
    expect(categories.filter((c) => NEGATIVE.includes(c.kind) && !c.repairable).map((c) => c.code)).toEqual([
      'COUNTERFEIT_MEDICAL_GOODS',
      'COUNTERFEIT_FOOD_AND_DRUGS',
    ]);

    // One record of every category, reported by the credit office (it may report all), old enough that every
    // minimum period has passed; negative ones GENERAL so that no training is needed: only the category differs.
    const items = categories.map((c, i) => ({
      subject: c.appliesToOrganisations
        ? { creditCode: makeCreditCode(`91320585LC${String(i).padStart(7, '0')}`), name: `目录修复测试${i}号公司` }
        : { idNumber: makeIdNumber('320585', '19800101', 300 + i), name: `目录测试${i}` },
      category: c.code,
      decisionDate: '2026-03-02',
      facts: `目录与修复一致性测试：${c.code}`,
      unitReference: `LC-${i}`,
      ...(NEGATIVE.includes(c.kind) ? { severity: 'GENERAL' } : {}),
      ...(c.kind === 'ADMINISTRATIVE_PENALTY' ? { penalty: finePenalty('0.3') } : {}),
      ...(c.requiresRectification ? { rectificationDeadline: '2026-04-30' } : {}),
    }));
    const reported = (await gql(REPORT_ALL, { i: items }, AS.creditOffice)).data.reportRecords;
    expect(reported.map((r: any) => [r.outcome, r.problems])).toEqual(items.map(() => ['CREATED', []]));
    await drain();

    const answers: Record<string, boolean> = {};
    for (const [i, c] of categories.entries()) {
      const answer = await gql(
        APPLY,
        {
          input: { recordId: reported[i].record.id, correctionProof: '已纠正并履行处罚决定', obligationsMet: true, commitmentSigned: true },
        },
        AS.creditOffice,
      );
      answers[c.code] = answer.data?.applyForRepair?.application?.state === 'SUBMITTED';
      if (!answers[c.code]) expect(answer.errors[0].extensions, c.code).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recordId' });
      if (NEGATIVE.includes(c.kind) && !c.repairable) expect(answer.errors[0].message, c.code).toMatch(/不予信用修复/);
    }
    expect(answers).toEqual(Object.fromEntries(categories.map((c) => [c.code, c.repairable])));
  });
});

describe('a re-send after a decision taken on the record', () => {
  const APPLY = `mutation($id: ID!) { applyForRepair(input: { recordId: $id, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true }) { application { id } } }`;
  const MOVE = `mutation($id: ID!, $to: RepairState!) { moveRepairApplication(id: $id, to: $to, reason: "经核查准予修复") { state } }`;

  it('keeps a REPAIRED record repaired when the unit corrects a detail of it', async () => {
    const { input, recordId, asSubject } = await reported(AS.marketRegulation, priceRecord('当事人销售口罩未明码标价。'));
    const applied = await gql(APPLY, { id: recordId }, asSubject);
    expect(applied.errors).toBeUndefined();
    const id = applied.data.applyForRepair.application.id;
    for (const to of ['ACCEPTED', 'APPROVED']) expect((await gql(MOVE, { id, to }, AS.creditOffice)).errors).toBeUndefined();
    await drain();
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('REPAIRED');
    await resend(AS.marketRegulation, { ...input, facts: '当事人销售医用口罩未明码标价（更正商品名称）。' });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({ status: 'REPAIRED', version: 2 });
    expect((await gql(PUBLIC_VIEW, { id: recordId }, AS.public)).data.creditRecord).toBeNull();
  });

  it('keeps a record withdrawn on objection withdrawn when the unit re-sends it with a detail changed', async () => {
    const { input, recordId, asSubject } = await reported(AS.marketRegulation, priceRecord('当事人销售消毒液未明码标价。'));
    const objection = await objectTo(recordId, asSubject, '该记录系同名企业的信息，归集时主体匹配错误');
    expect(
      (await gql(RESOLVE, { id: objection.id, o: 'WITHDRAWN', r: '经核实主体认定错误，予以撤销' }, AS.marketRegulation)).errors,
    ).toBeUndefined();
    await drain();
    await resend(AS.marketRegulation, { ...input, facts: '当事人销售消毒液未明码标价（补充检查时间）。' });
    expect((await gql(OFFICE_VIEW, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({
      status: 'WITHDRAWN',
      version: 2,
    });
  });
});
