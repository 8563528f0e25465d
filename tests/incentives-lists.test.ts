/**
 * Lists, supervision levels and Loucheng points as member units see them through the gateway, kept from
 * records' events; the credit office's manual entries; consumers catching up after downtime.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { KNOWN_DAY, pinClock } from './support/clock.js';
import { AS, gatewayClient, queryRows, recordReporter, useSeededSystem } from './support/system.js';

// Seeded as of, and run on, a day of a year the calendar knows: the flows here count working days.
const ctx = useSeededSystem({ seedToday: KNOWN_DAY });
pinClock();
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
const report = recordReporter(ctx, 'INC-L');
const company = (n: number) => ({ creditCode: makeCreditCode(`91320585LT${String(n).padStart(7, '0')}`), name: `名单测试${n}号有限公司` });
const STATE = `query($id: ID!) { subject(id: $id) {
  listMemberships { id list active origin reason endReason causedBy { id } }
  supervision { level }
  creditPoints { balance level history { delta kind reason record { id } } }
} }`;
const state = async (id: string) => (await gql(STATE, { id }, AS.creditOffice)).data.subject;

describe('lists from records', () => {
  it('puts reopening non-compliance on key attention at level C; a serious case also on joint punishment at D', async () => {
    const general = company(1);
    await report(AS.marketRegulation, general, 'REOPENING_NONCOMPLIANCE', { severity: 'GENERAL', rectificationDeadline: '2026-06-30' });
    await pollAll();
    const watched = await state(general.creditCode);
    expect(watched.listMemberships.map((m: any) => [m.list, m.active, m.origin])).toEqual([['KEY_ATTENTION', true, 'RULE']]);
    expect(watched.supervision.level).toBe('C');
    // Key attention is internal: the public and banks do not see it.
    const seen = await gql(`query($id: ID!) { subject(id: $id) { listMemberships { list } } }`, { id: general.creditCode }, AS.bank);
    expect(seen.data.subject.listMemberships).toEqual([]);

    const serious = company(2);
    await report(AS.marketRegulation, serious, 'REOPENING_NONCOMPLIANCE', { severity: 'SERIOUS', rectificationDeadline: '2026-06-30' });
    await pollAll();
    const punished = await state(serious.creditCode);
    expect(punished.listMemberships.map((m: any) => m.list).sort()).toEqual(['JOINT_PUNISHMENT', 'KEY_ATTENTION']);
    expect(punished.supervision.level).toBe('D');
  });

  it('keeps a person’s points and lists: award, deduction, red list lost and regained, reversal on withdrawal', async () => {
    const idNumber = makeIdNumber('320585', '19850312', 731);
    const personRef = { idNumber, name: '积分测试人' };
    const aid = await report(AS.health, personRef, 'MEDICAL_AID_HUBEI');
    await pollAll();
    const personId = (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data
      .subjectByIdNumber.id;
    let person = await state(personId);
    expect(person.creditPoints).toEqual({
      balance: 50,
      level: '良好',
      history: [{ delta: 50, kind: 'AWARD', reason: '守信加分：赴湖北参加支援疫情防控医务工作', record: { id: aid } }],
    });
    expect(person.listMemberships).toEqual([expect.objectContaining({ list: 'RED', active: true, causedBy: [{ id: aid }] })]);
    expect(person.supervision.level).toBe('A');
    // A person on the red list is not shown to the public without consent.
    const publicRed = await gql(`{ listMembers(list: RED, first: 100) { edges { node { subject { id } } } } }`);
    expect(publicRed.data.listMembers.edges.map((e: any) => e.node.subject.id)).not.toContain(personId);

    const gouging = await report(AS.marketRegulation, personRef, 'PRICE_GOUGING', { severity: 'SERIOUS' });
    await pollAll();
    person = await state(personId);
    expect(person.creditPoints.balance).toBe(-50);
    expect(person.creditPoints.level).toBe('较差');
    const byList = (list: string) => person.listMemberships.filter((m: any) => m.list === list);
    expect(byList('RED')).toEqual([expect.objectContaining({ active: false, endReason: '存在有效失信记录，移出诚信典型名单' })]);
    expect(byList('JOINT_PUNISHMENT')).toEqual([expect.objectContaining({ active: true, causedBy: [{ id: gouging }] })]);
    expect(person.supervision.level).toBe('D');

    // The person objects; the reporting unit withdraws the record.
    const asPerson = await ctx.asSubject(personId);
    const objection = (
      await gql(
        `mutation($r: ID!) { raiseObjection(input: { recordId: $r, grounds: "价格系进货成本上涨所致" }) { objection { id } } }`,
        { r: gouging },
        asPerson,
      )
    ).data.raiseObjection.objection;
    await pollAll();
    expect((await state(personId)).supervision.level).toBe('D'); // disputed records keep their consequences
    const resolved = await gql(
      `mutation($id: ID!) { resolveObjection(id: $id, outcome: WITHDRAWN, reason: "经复核，处罚决定已撤销") { state } }`,
      { id: objection.id },
      AS.marketRegulation,
    );
    expect(resolved.errors).toBeUndefined();
    await pollAll();
    person = await state(personId);
    expect(person.creditPoints.balance).toBe(50);
    expect(person.creditPoints.history.map((h: any) => [h.delta, h.kind])).toEqual([
      [100, 'REVERSAL'],
      [-100, 'DEDUCTION'],
      [50, 'AWARD'],
    ]);
    expect(person.creditPoints.history[0].reason).toBe('冲正：记录已撤销');
    expect(byList('JOINT_PUNISHMENT').length).toBe(1);
    expect(person.listMemberships.filter((m: any) => m.list === 'JOINT_PUNISHMENT')).toEqual([
      expect.objectContaining({ active: false, endReason: '记录已撤销，移出名单' }),
    ]);
    expect(person.listMemberships.filter((m: any) => m.list === 'RED' && m.active)).toHaveLength(1);
    expect(person.supervision.level).toBe('A');
  });

  it('catches up after downtime and applies a replayed log without counting anything twice', async () => {
    const idNumber = makeIdNumber('320585', '19900701', 415);
    const personRef = { idNumber, name: '停机测试人' };
    // The consumers are down while units report.
    await report(AS.health, personRef, 'FRONTLINE_DUTY');
    await report(AS.health, personRef, 'MEDICAL_AID_HUBEI');
    await report(AS.marketRegulation, company(3), 'PRICE_GOUGING', { severity: 'SERIOUS' });
    await pollAll();
    const personId = (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data
      .subjectByIdNumber.id;
    expect((await state(personId)).creditPoints.balance).toBe(80);

    const counts = async () =>
      (
        await queryRows(
          ctx.system.db.incentives.execute(sql`select (select count(*) from incentives.list_memberships)::int as memberships,
        (select count(*) from incentives.points_entries)::int as points, (select coalesce(sum(delta), 0) from incentives.points_entries)::int as total`),
        )
      )[0];
    const before = await counts();
    await ctx.system.db.incentives.execute(sql`delete from incentives.consumer_cursors`);
    await pollAll();
    expect(await counts()).toEqual(before);
    expect((await state(personId)).creditPoints.balance).toBe(80);
  });
});

describe('the credit office’s hand on the lists', () => {
  const ADD = `mutation($i: ListEntryInput!) { addListEntry(input: $i) { id list origin reason since until active } }`;

  it('adds an entry by hand with a reason, audited; a retry returns it, a different reason conflicts', async () => {
    const { creditCode } = company(4);
    await report(AS.marketRegulation, { creditCode, name: company(4).name }, 'PRICE_SELF_DISCIPLINE');
    await pollAll();
    const input = { subject: creditCode, list: 'RED', reason: '疫情期间稳价保供，市信用办认定为诚信典型' };
    const added = (await gql(ADD, { i: input }, AS.creditOffice)).data.addListEntry;
    expect(added).toMatchObject({ list: 'RED', origin: 'MANUAL', active: true, until: null });
    expect((await gql(ADD, { i: input }, AS.creditOffice)).data.addListEntry.id).toBe(added.id);
    expect((await gql(ADD, { i: { ...input, reason: '另一理由' } }, AS.creditOffice)).errors[0].extensions.code).toBe('CONFLICT');
    expect((await gql(ADD, { i: input }, AS.marketRegulation)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(ADD, { i: { ...input, subject: '91320585000000000X' } }, AS.creditOffice)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.subject',
    });
    expect((await gql(ADD, { i: { ...input, reason: '  ' } }, AS.creditOffice)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    });
    expect((await state(creditCode)).supervision.level).toBe('A');
    const trail = await gql(
      `query($s: ID!) { auditTrail(filter: { subjectId: $s }) { incentives { action dataClass unitId } } }`,
      { s: creditCode },
      AS.creditOffice,
    );
    expect(trail.data.auditTrail.incentives).toContainEqual({ action: 'MUTATION', dataClass: 'LIST_MEMBERSHIP', unitId: 'credit-office' });
  });

  it('ends a rule membership by hand, and the rule does not put it back', async () => {
    const subject = company(5);
    await report(AS.marketRegulation, subject, 'HOARDING', { severity: 'SERIOUS' });
    await pollAll();
    const [membership] = (await state(subject.creditCode)).listMemberships;
    const END = `mutation($id: ID!, $r: String!) { endListMembership(id: $id, reason: $r) { active endReason } }`;
    expect(
      (await gql(END, { id: membership.id, r: '经市信用体系建设领导小组办公室研究，移出名单' }, AS.creditOffice)).data.endListMembership,
    ).toEqual({ active: false, endReason: '经市信用体系建设领导小组办公室研究，移出名单' });
    expect((await gql(END, { id: membership.id, r: '重试' }, AS.creditOffice)).data.endListMembership.endReason).toBe(
      '经市信用体系建设领导小组办公室研究，移出名单',
    );
    await ctx.system.db.incentives.execute(sql`delete from incentives.consumer_cursors where producer = 'records'`);
    await pollAll();
    const after = await state(subject.creditCode);
    expect(after.listMemberships.map((m: any) => m.active)).toEqual([false]);
    expect(after.supervision.level).toBe('C'); // the record still counts
    expect((await gql(END, { id: '00000000-0000-4000-8000-000000000000', r: 'x' }, AS.creditOffice)).errors[0].extensions.code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('consequences lifted by time', () => {
  it('puts a subject back on the red list once its negative record stops counting', async () => {
    const creditCode = makeCreditCode('91320585TM0000001');
    const subject = { creditCode, name: '时效测试有限公司' };
    await report(AS.health, subject, 'HONOR_AWARD', { decisionDate: '2026-08-03' });
    await report(AS.marketRegulation, subject, 'PRICE_NOT_MARKED', { severity: 'MINOR', decisionDate: '2026-09-01' }); // counts until 2026-11-30
    await pollAll();
    const red = async () => (await state(creditCode)).listMemberships.filter((m: any) => m.list === 'RED' && m.active);
    expect(await red()).toEqual([]);
    const { reassessExpired } = await import('../subgraphs/incentives/consequences.js');
    await reassessExpired(ctx.system.db.incentives, '2026-11-30'); // its last day: it still counts
    expect(await red()).toEqual([]);
    expect(await reassessExpired(ctx.system.db.incentives, '2026-12-01')).toBeGreaterThanOrEqual(1);
    expect(await red()).toHaveLength(1);
    const [row] = await queryRows<{ since: string }>(
      ctx.system.db.incentives.execute(
        sql`select since::text from incentives.list_memberships where subject_id = ${creditCode} and list = 'RED'`,
      ),
    );
    expect(row!.since).toBe('2026-12-01');
    await reassessExpired(ctx.system.db.incentives, '2026-12-01');
    expect(await red()).toHaveLength(1);
  });
});
