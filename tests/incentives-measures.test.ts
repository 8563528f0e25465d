/**
 * Joint incentive and sanction measures and their feedback (奖惩反馈), the Loucheng points table, and
 * exemplars for the portal with persons' consent.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { AS, gatewayClient, recordReporter, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
const report = recordReporter(ctx, 'INC-M');

const FEEDBACK = `mutation($i: MeasureFeedbackInput!) { reportMeasureFeedback(input: $i) { id outcome appliedOn result reference unit { id } measure { code } membership { list } } }`;
const DUES = `query($id: ID!, $unit: ID) { measuresFor(subject: $id, unit: $unit) { measure { code } unit { id } membership { id } applied feedback { outcome result } } }`;

describe('measures and feedback', () => {
  it('lets a unit report what it applied, once per reference, and shows the credit office what was and was not applied', async () => {
    const creditCode = makeCreditCode('91320585MQ0000001');
    await report(AS.marketRegulation, { creditCode, name: '措施反馈测试有限公司' }, 'PROFITEERING', { severity: 'SERIOUS' });
    await pollAll();
    const dues = (await gql(DUES, { id: creditCode }, AS.health)).data.measuresFor;
    expect(dues.map((d: any) => d.measure.code).sort()).toEqual(['APPROVAL_RESTRICTION', 'CLOSER_INSPECTION']);
    const membership = dues[0].membership.id;
    const input = {
      subject: creditCode,
      measure: 'CLOSER_INSPECTION',
      membership,
      outcome: 'APPLIED',
      appliedOn: chinaToday(),
      result: '已列入本季度重点检查，抽查比例提高至30%',
      reference: '太卫监〔2026〕88号',
    };
    const first = (await gql(FEEDBACK, { i: input }, AS.health)).data.reportMeasureFeedback;
    expect(first).toMatchObject({
      outcome: 'APPLIED',
      unit: { id: 'health' },
      measure: { code: 'CLOSER_INSPECTION' },
      membership: { list: 'JOINT_PUNISHMENT' },
    });
    expect((await gql(FEEDBACK, { i: input }, AS.health)).data.reportMeasureFeedback.id).toBe(first.id);
    const reused = await gql(FEEDBACK, { i: { ...input, result: '另一结果' } }, AS.health);
    expect(reused.errors[0].extensions.code).toBe('CONFLICT');

    const after = (await gql(DUES, { id: creditCode }, AS.health)).data.measuresFor;
    expect(after.find((d: any) => d.measure.code === 'CLOSER_INSPECTION')).toMatchObject({
      applied: true,
      feedback: [{ outcome: 'APPLIED' }],
    });
    expect(after.find((d: any) => d.measure.code === 'APPROVAL_RESTRICTION')).toMatchObject({ applied: false, feedback: [] });
    // A unit asks for itself only; the credit office for anyone.
    expect((await gql(DUES, { id: creditCode, unit: 'tax' }, AS.health)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(DUES, { id: creditCode, unit: 'health' }, AS.creditOffice)).data.measuresFor).toHaveLength(2);

    const COMPLIANCE = `query($unit: ID, $applied: Boolean) { measureCompliance(list: JOINT_PUNISHMENT, unit: $unit, applied: $applied, first: 100) { totalCount edges { node { subject { id } measure { code } applied } } } }`;
    const applied = (await gql(COMPLIANCE, { unit: 'health', applied: true }, AS.creditOffice)).data.measureCompliance;
    expect(applied.edges.map((e: any) => e.node)).toContainEqual({
      subject: { id: creditCode },
      measure: { code: 'CLOSER_INSPECTION' },
      applied: true,
    });
    const pending = (await gql(COMPLIANCE, { unit: 'health', applied: false }, AS.creditOffice)).data.measureCompliance;
    expect(pending.totalCount).toBeGreaterThan(0);
    expect(pending.edges.every((e: any) => !e.node.applied)).toBe(true);
    const summary = (
      await gql(
        `{ measureComplianceSummary(list: JOINT_PUNISHMENT) { measure { code } unit { id } due applied notApplied pending } }`,
        {},
        AS.creditOffice,
      )
    ).data.measureComplianceSummary;
    const line = summary.find((s: any) => s.measure.code === 'CLOSER_INSPECTION' && s.unit.id === 'health');
    expect(line.applied).toBe(1);
    expect(line.due).toBe(line.applied + line.notApplied + line.pending);
    expect((await gql(`{ measureComplianceSummary { due } }`, {}, AS.health)).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses feedback that names the wrong measure, membership or date, saying which field and why', async () => {
    const creditCode = makeCreditCode('91320585MQ0000002');
    await report(AS.marketRegulation, { creditCode, name: '措施校验测试有限公司' }, 'PRICE_GOUGING', { severity: 'SERIOUS' });
    await pollAll();
    const [due] = (await gql(DUES, { id: creditCode }, AS.marketRegulation)).data.measuresFor;
    const valid = {
      subject: creditCode,
      measure: 'CLOSER_INSPECTION',
      membership: due.membership.id,
      outcome: 'NOT_APPLIED',
      appliedOn: chinaToday(),
      result: '企业已停业，无法检查',
      reference: 'MQ-2',
    };
    const problem = async (input: Record<string, unknown>, headers: Record<string, string> = AS.marketRegulation) =>
      (await gql(FEEDBACK, { i: { ...valid, ...input } }, headers)).errors?.[0]?.extensions;
    expect(await problem({ measure: 'NOPE' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.measure',
      reason: 'INCENTIVES_MEASURE_UNKNOWN',
    });
    expect(await problem({ measure: 'PUBLIC_NAMING' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.measure',
      reason: 'INCENTIVES_MEASURE_NOT_OF_UNIT',
    });
    expect(await problem({ measure: 'LIGHTER_SUPERVISION' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.membership',
      reason: 'INCENTIVES_MEMBERSHIP_WRONG_LIST',
    });
    expect(await problem({ subject: ctx.demo.companyCode })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.membership',
      reason: 'INCENTIVES_MEMBERSHIP_NOT_OF_SUBJECT',
    });
    expect(await problem({ appliedOn: addDays(chinaToday(), 3) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.appliedOn',
      reason: 'INCENTIVES_APPLIED_ON_FUTURE',
    });
    expect(await problem({ appliedOn: '2026-02-30' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'i.appliedOn' });
    expect(await problem({ result: ' ' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.result',
      reason: 'INCENTIVES_RESULT_LENGTH',
    });
    expect(await problem({}, AS.analyst)).toMatchObject({ code: 'FORBIDDEN', reason: 'INCENTIVES_FEEDBACK_BY_APPLYING_UNIT' });
    expect(await problem({})).toBeUndefined();
  });
});

describe('Loucheng points table', () => {
  it('is the credit office’s to set, and prices records from then on', async () => {
    const rules = (await gql(`{ pointsRules { basis points } }`)).data.pointsRules;
    expect(rules).toContainEqual({ basis: 'MEDICAL_AID_HUBEI', points: 50 });
    const SET = `mutation($b: String!, $p: Int!) { setPointsRule(basis: $b, points: $p) { basis points } }`;
    expect((await gql(SET, { b: 'FRONTLINE_DUTY', p: 40 }, AS.health)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(SET, { b: 'NEGATIVE_SERIOUS', p: 10 }, AS.creditOffice)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'points',
    });
    expect((await gql(SET, { b: 'NO_SUCH', p: 10 }, AS.creditOffice)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'basis',
    });

    const idNumber = makeIdNumber('320585', '19780215', 212);
    await report(AS.health, { idNumber, name: '一线测试人' }, 'FRONTLINE_DUTY');
    await pollAll();
    expect((await gql(SET, { b: 'FRONTLINE_DUTY', p: 40 }, AS.creditOffice)).data.setPointsRule).toEqual({
      basis: 'FRONTLINE_DUTY',
      points: 40,
    });
    await report(AS.health, { idNumber, name: '一线测试人' }, 'FRONTLINE_DUTY', { decisionDate: '2026-06-01' });
    await pollAll();
    const personId = (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data
      .subjectByIdNumber.id;
    const points = (
      await gql(`query($id: ID!) { subject(id: $id) { creditPoints { balance history { delta } } } }`, { id: personId }, AS.creditOffice)
    ).data.subject.creditPoints;
    expect(points.history.map((h: any) => h.delta).sort()).toEqual([30, 40]);
    expect(points.balance).toBe(70);
  });
});

describe('exemplars for the portal', () => {
  const EXEMPLARS = `{ exemplars(first: 100) { edges { node { subject { id name } displayName since deeds { category label record { id } } } } } }`;

  it('shows red-list organisations with their deeds, and a person only with consent, under the chosen name', async () => {
    const shown = (await gql(EXEMPLARS)).data.exemplars.edges.map((e: any) => e.node);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((x: any) => x.subject && x.subject.name && x.displayName === null && x.deeds.length > 0)).toBe(true);

    const idNumber = makeIdNumber('320585', '19820520', 118);
    await report(AS.health, { idNumber, name: '援鄂测试医生' }, 'MEDICAL_AID_HUBEI');
    await pollAll();
    const personId = (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data
      .subjectByIdNumber.id;
    const named = async () =>
      (await gql(EXEMPLARS)).data.exemplars.edges.map((e: any) => e.node).filter((x: any) => x.displayName !== null);
    expect(await named()).toEqual([]);

    const asPerson = await ctx.asSubject(personId);
    expect(
      (await gql(`mutation { consentToExemplarPublicity(displayName: "援鄂医生 李医生") }`, {}, asPerson)).data.consentToExemplarPublicity,
    ).toBe(true);
    expect(await named()).toEqual([
      {
        subject: null,
        displayName: '援鄂医生 李医生',
        since: '2026-05-06',
        deeds: [{ category: 'MEDICAL_AID_HUBEI', label: '赴湖北参加支援疫情防控医务工作', record: null }],
      },
    ]);
    expect((await gql(`mutation { consentToExemplarPublicity(displayName: "x") }`, {}, AS.creditOffice)).errors[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    await gql(`mutation { withdrawExemplarConsent }`, {}, asPerson);
    expect(await named()).toEqual([]);
  });
});
