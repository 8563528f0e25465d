/**
 * Issue 14, finding 5: the manual door obeys the list rules. Nobody on the joint-punishment list (level D)
 * or with serious dishonesty counting is put on the red list (诚信典型) by hand: CONFLICT, in Chinese, naming
 * the membership or record in the way, and nothing stored. A red-list membership — by rule or by hand —
 * ends with the reason once the subject is jointly punished; one membership per list by hand too.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
const company = (n: number) => ({
  creditCode: makeCreditCode(`91320585RB${String(n).padStart(7, '0')}`),
  name: `红名单规则测试${n}号有限公司`,
});
let serial = 0;

async function report(
  unit: Record<string, string>,
  subject: { creditCode: string; name: string },
  category: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  serial += 1;
  const input = {
    subject,
    category,
    decisionDate: '2026-05-06',
    facts: `红名单规则测试 ${serial}`,
    unitReference: `RB-${serial}`,
    ...extra,
  };
  const body = await gql(
    `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } problems { field reason } } }`,
    { i: input },
    unit,
  );
  expect(body.data.reportRecord.problems).toEqual([]);
  return body.data.reportRecord.record.id;
}
const seriousGouging = (subject: { creditCode: string; name: string }) =>
  report(AS.marketRegulation, subject, 'PRICE_GOUGING', { severity: 'SERIOUS', penalty: finePenalty() });
const ADD = `mutation($i: ListEntryInput!) { addListEntry(input: $i) { id list origin active } }`;
const STATE = `query($id: ID!) { subject(id: $id) { listMemberships { id list active origin endReason } supervision { level } } }`;
const state = async (id: string) => (await gql(STATE, { id }, AS.creditOffice)).data.subject;
const publicRed = async () =>
  (await gql(`{ listMembers(list: RED, first: 100) { edges { node { subject { id } } } } }`)).data.listMembers.edges.map(
    (e: any) => e.node.subject.id,
  );
const exemplars = async () =>
  (await gql(`{ exemplars(first: 100) { edges { node { subject { id } } } } }`)).data.exemplars.edges.map((e: any) => e.node.subject?.id);
const red = (subject: string, reason = '疫情期间稳价保供，市信用办认定为诚信典型') => ({ subject, list: 'RED', reason });

describe('the red list by hand', () => {
  it('refuses a D-level subject on the joint-punishment list, naming the membership, and stores nothing', async () => {
    const subject = company(1);
    await seriousGouging(subject);
    await pollAll();
    const before = await state(subject.creditCode);
    expect(before.supervision.level).toBe('D');
    const punishment = before.listMemberships.find((m: any) => m.list === 'JOINT_PUNISHMENT');

    const refused = await gql(ADD, { i: red(subject.creditCode) }, AS.creditOffice);
    expect(refused.data.addListEntry).toBeNull();
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INCENTIVES_RED_BARRED_BY_JOINT_PUNISHMENT',
      blockedBy: { membershipId: punishment.id, list: 'JOINT_PUNISHMENT' },
    });
    expect(refused.errors[0].message).toContain('联合惩戒对象名单');
    expect(refused.errors[0].message).toContain(punishment.id);
    expect(refused.errors[0].message).toContain('监管等级为D');
    expect(await state(subject.creditCode)).toEqual(before);
    expect(await publicRed()).not.toContain(subject.creditCode);
    expect(await exemplars()).not.toContain(subject.creditCode);
  });

  it('refuses a subject whose serious dishonesty counts, though no list rule names its category, naming the record', async () => {
    const subject = company(2);
    const recordId = await report(AS.creditOffice, subject, 'LATE_TAX', { severity: 'SERIOUS' });
    await pollAll();
    expect((await state(subject.creditCode)).listMemberships).toEqual([]);
    const refused = await gql(ADD, { i: red(subject.creditCode) }, AS.creditOffice);
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INCENTIVES_RED_BARRED_BY_SERIOUS_DISHONESTY',
      blockedBy: { recordId },
    });
    expect(refused.errors[0].message).toContain('严重失信记录（未及时纳税');
    expect((await state(subject.creditCode)).listMemberships).toEqual([]);
  });

  it('refuses a subject the credit office itself put on the joint-punishment list', async () => {
    const subject = company(3);
    await report(AS.health, subject, 'FRONTLINE_DUTY');
    await pollAll();
    const punished = (
      await gql(
        ADD,
        {
          i: {
            subject: subject.creditCode,
            list: 'JOINT_PUNISHMENT',
            reason: '经市社会信用体系建设领导小组办公室认定，列入联合惩戒对象名单',
          },
        },
        AS.creditOffice,
      )
    ).data.addListEntry;
    expect(punished).toMatchObject({ list: 'JOINT_PUNISHMENT', origin: 'MANUAL', active: true });
    expect((await state(subject.creditCode)).supervision.level).toBe('D');
    const refused = await gql(ADD, { i: red(subject.creditCode) }, AS.creditOffice);
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INCENTIVES_RED_BARRED_BY_JOINT_PUNISHMENT',
      blockedBy: { membershipId: punished.id },
    });
  });

  it('puts a subject with nothing against it on the red list once: by hand beside a rule membership is a conflict', async () => {
    const subject = company(4);
    await report(AS.health, subject, 'HONOR_AWARD');
    await pollAll();
    const [rule] = (await state(subject.creditCode)).listMemberships;
    expect(rule).toMatchObject({ list: 'RED', origin: 'RULE', active: true });
    const refused = await gql(ADD, { i: red(subject.creditCode) }, AS.creditOffice);
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INCENTIVES_ALREADY_ON_LIST',
      blockedBy: { membershipId: rule.id },
    });
    expect(refused.errors[0].message).toContain('同一名单只列入一次');
    expect((await state(subject.creditCode)).listMemberships).toHaveLength(1);
  });
});

describe('a red-list subject that becomes D', () => {
  it('ends a red-list entry made by hand once a serious record puts the subject on the joint-punishment list, and the portal stops showing it', async () => {
    const subject = company(5);
    await report(AS.creditOffice, subject, 'DONATION');
    await pollAll();
    const entry = (await gql(ADD, { i: red(subject.creditCode) }, AS.creditOffice)).data.addListEntry;
    expect(entry).toMatchObject({ list: 'RED', origin: 'MANUAL', active: true });
    expect(await publicRed()).toContain(subject.creditCode);
    expect(await exemplars()).toContain(subject.creditCode);

    await seriousGouging(subject);
    await pollAll();
    const after = await state(subject.creditCode);
    expect(after.supervision.level).toBe('D');
    expect(after.listMemberships.find((m: any) => m.id === entry.id)).toMatchObject({
      active: false,
      endReason: '已列入联合惩戒对象名单（监管等级D），移出诚信典型名单',
    });
    expect(after.listMemberships.filter((m: any) => m.active).map((m: any) => m.list)).toEqual(['JOINT_PUNISHMENT']);
    expect(await publicRed()).not.toContain(subject.creditCode);
    expect(await exemplars()).not.toContain(subject.creditCode);
  });

  it('ends a red-list membership by rule when the credit office puts the subject on the joint-punishment list by hand', async () => {
    const subject = company(6);
    await report(AS.health, subject, 'MEDICAL_AID_HUBEI');
    await pollAll();
    const [rule] = (await state(subject.creditCode)).listMemberships;
    expect(rule).toMatchObject({ list: 'RED', origin: 'RULE' });
    await gql(
      ADD,
      { i: { subject: subject.creditCode, list: 'JOINT_PUNISHMENT', reason: '经市信用办认定，列入联合惩戒对象名单' } },
      AS.creditOffice,
    );
    const after = await state(subject.creditCode);
    expect(after.listMemberships.find((m: any) => m.id === rule.id)).toMatchObject({
      active: false,
      endReason: '已列入联合惩戒对象名单（监管等级D），移出诚信典型名单',
    });
    // Records re-assessed later (a replay, a new record) do not put it back while the subject is jointly punished.
    await report(AS.health, subject, 'HONOR_AWARD');
    await pollAll();
    expect((await state(subject.creditCode)).listMemberships.filter((m: any) => m.active).map((m: any) => m.list)).toEqual([
      'JOINT_PUNISHMENT',
    ]);
    expect(await exemplars()).not.toContain(subject.creditCode);
  });
});
