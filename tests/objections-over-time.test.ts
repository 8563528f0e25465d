/**
 * Objections over weeks of platform time (issue 14, finding 8): one open objection per record, even when
 * two are raised at once; an overdue list for objections; CORRECTED withholds the wrong content at once and
 * the unit's re-send restores display — all through the gateway.
 */
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { pinClock, setClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, queryRows, useSeededSystem } from './support/system.js';
import { sql } from 'drizzle-orm';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const calendar = new WorkingCalendar();
const pollAll = ctx.settle;
const at = (day: string) => setClock(day);
// Objections get working-day deadlines: every test starts on a fixed day of a known calendar year (support/clock.ts).
pinClock('2026-11-16');

let serial = 0;
async function recordFor(unit: Record<string, string> = AS.marketRegulation) {
  const n = ++serial;
  const creditCode = makeCreditCode(`91320585YT${String(n).padStart(7, '0')}`);
  const common = { subject: { creditCode, name: `异议时限测试${n}号公司` }, decisionDate: '2026-05-06', unitReference: `OT-${n}` };
  const input =
    unit === AS.health
      ? { ...common, category: 'NO_HEALTH_MONITORING', facts: '未对返岗职工进行健康监测', rectificationDeadline: '2026-06-30' }
      : { ...common, category: 'PRICE_NOT_MARKED', facts: '未明码标价（金额登记为5000元）', penalty: finePenalty('0.5') };
  const body = await gql(
    `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } problems { field reason } } }`,
    { i: input },
    unit,
  );
  expect({ outcome: body.data.reportRecord.outcome, problems: body.data.reportRecord.problems }).toEqual({
    outcome: 'CREATED',
    problems: [],
  });
  await pollAll();
  const token = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode });
  return { input, creditCode, recordId: body.data.reportRecord.record.id as string, asSubject: { authorization: `Bearer ${token}` } };
}

const RAISE = `mutation($id: ID!, $g: String!) { raiseObjection(input: { recordId: $id, grounds: $g }) { objection { id number state verifyBy } } }`;
const RESOLVE = `mutation($id: ID!, $o: ObjectionOutcome!, $r: String!) { resolveObjection(id: $id, outcome: $o, reason: $r) { state correctBy correctionReceivedAt } }`;
const OVERDUE = `query($u: ID) { overdueObjections(unitId: $u) { objection { id number } waitingFor dueOn workingDaysLate } }`;

describe('one open objection per record', () => {
  it('refuses a second objection with CONFLICT naming the open one, and allows a new one once it is resolved', async () => {
    const { recordId, asSubject } = await recordFor();
    const first = (await gql(RAISE, { id: recordId, g: '金额登记有误' }, asSubject)).data.raiseObjection.objection;
    const second = await gql(RAISE, { id: recordId, g: '再次提出' }, asSubject);
    expect(second.data.raiseObjection).toBeNull();
    expect(second.errors[0].extensions.code).toBe('CONFLICT');
    expect(second.errors[0].message).toContain(first.number);
    expect(second.errors[0].message).toContain('正在核实的异议');
    const listed = await gql(`query($id: ID!) { creditRecord(id: $id) { objections { number state } } }`, { id: recordId }, asSubject);
    expect(listed.data.creditRecord.objections).toEqual([{ number: first.number, state: 'SUBMITTED' }]);

    await gql(RESOLVE, { id: first.id, o: 'UPHELD', r: '经核实，记录无误' }, AS.marketRegulation);
    const again = await gql(RAISE, { id: recordId, g: '补充新的证据' }, asSubject);
    expect(again.errors).toBeUndefined();
    expect(again.data.raiseObjection.objection.state).toBe('SUBMITTED');
  });

  it('files exactly one of two objections raised at the same moment', async () => {
    const { recordId, asSubject } = await recordFor();
    const answers = await Promise.all([
      gql(RAISE, { id: recordId, g: '同时提出一' }, asSubject),
      gql(RAISE, { id: recordId, g: '同时提出二' }, asSubject),
      gql(RAISE, { id: recordId, g: '同时提出三' }, asSubject),
    ]);
    const filed = answers.filter((answer) => answer.data?.raiseObjection);
    const refused = answers.filter((answer) => answer.errors);
    expect(filed).toHaveLength(1);
    expect(refused.map((answer) => answer.errors[0].extensions.code)).toEqual(['CONFLICT', 'CONFLICT']);
    for (const answer of refused) expect(answer.errors[0].message).toContain(filed[0]!.data.raiseObjection.objection.number);
    const rows = await queryRows<{ n: number }>(
      ctx.system.db.repairs.execute(sql`select count(*)::int as n from repairs.objections where record_id = ${recordId}`),
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });
});

describe('overdue objections', () => {
  it('flags an objection raised on 30 September that is still open on 24 December, for its unit and the credit office only', async () => {
    at('2026-09-30');
    const { recordId, creditCode, asSubject } = await recordFor();
    const other = await recordFor(AS.health);
    const raised = (await gql(RAISE, { id: recordId, g: '处罚对象并非本公司' }, asSubject)).data.raiseObjection.objection;
    const healthCase = (await gql(RAISE, { id: other.recordId, g: '记录有误' }, other.asSubject)).data.raiseObjection.objection;
    // 1–7 October are off and Saturday 10 October works: five working days from 30 September end on Tuesday 13 October.
    expect(raised.verifyBy).toBe('2026-10-13');
    at('2026-10-13');
    expect((await gql(OVERDUE, {}, AS.creditOffice)).data.overdueObjections.map((o: any) => o.objection.id)).not.toContain(raised.id);

    at('2026-12-24');
    const office = (await gql(OVERDUE, {}, AS.creditOffice)).data.overdueObjections;
    expect(office).toContainEqual({
      objection: { id: raised.id, number: raised.number },
      waitingFor: 'VERIFICATION',
      dueOn: '2026-10-13',
      workingDaysLate: calendar.workingDaysBetween('2026-10-13', '2026-12-24'),
    });
    expect(office.map((o: any) => o.objection.id)).toContain(healthCase.id);
    const own = (await gql(OVERDUE, {}, AS.marketRegulation)).data.overdueObjections.map((o: any) => o.objection.id);
    expect(own).toContain(raised.id);
    expect(own).not.toContain(healthCase.id);
    const filtered = (await gql(OVERDUE, { u: 'health' }, AS.creditOffice)).data.overdueObjections.map((o: any) => o.objection.id);
    expect(filtered).toEqual([healthCase.id]);
    // Another unit reading market regulation's list; the subject, the public, a bank and an analyst.
    const snooping = await gql(OVERDUE, { u: 'market-regulation' }, AS.health);
    expect(snooping.data.overdueObjections).toBeNull();
    expect(snooping.errors[0].extensions.code).toBe('FORBIDDEN');
    // The subject signs in again: a token from 30 September has expired by now.
    const subjectNow = await ctx.asSubject(creditCode);
    for (const caller of [subjectNow, AS.public, AS.bank, AS.analyst]) {
      const refused = await gql(OVERDUE, {}, caller);
      expect(refused.data.overdueObjections).toBeNull();
      expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('CORRECTED takes effect at once', () => {
  const PUBLIC_VIEW = `query($id: ID!) { creditRecord(id: $id) { id facts status } }`;
  const DISCLOSED = `{ publicDisclosures(first: 100) { edges { node { id facts } } } }`;
  const OWN_VIEW = `query($id: ID!) { creditRecord(id: $id) { status facts version disclosure { isPublicNow reason } objections { state outcomeReason correctBy correctionReceivedAt history { state by } } } }`;
  const QUEUE = `{ workQueue(first: 50) { edges { node { kind number deadline objection { id } } } } }`;

  it('withholds the contested content from the public and other units until the unit re-sends it corrected', async () => {
    const { input, recordId, asSubject } = await recordFor();
    // The pinned day, well inside the known calendar, so the unit's re-send deadline is a date whatever day the suite runs.
    const today = '2026-11-16';
    const disclosed = async () => (await gql(DISCLOSED)).data.publicDisclosures.edges.map((edge: any) => edge.node.id);
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toMatchObject({ id: recordId, status: 'ACTIVE' });
    expect(await disclosed()).toContain(recordId);

    const objection = (await gql(RAISE, { id: recordId, g: '处罚金额登记有误：应为500元' }, asSubject)).data.raiseObjection.objection;
    await pollAll();
    const resolved = await gql(
      RESOLVE,
      { id: objection.id, o: 'CORRECTED', r: '经核实，金额登记有误，报送单位将更正' },
      AS.marketRegulation,
    );
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data.resolveObjection).toEqual({
      state: 'CORRECTED',
      correctBy: calendar.addWorkingDays(today, 5),
      correctionReceivedAt: null,
    });
    await pollAll();

    // The public and another unit no longer see the wrong content; the subject is told why and until when.
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toBeNull();
    expect(await disclosed()).not.toContain(recordId);
    expect((await gql(PUBLIC_VIEW, { id: recordId }, AS.health)).data.creditRecord).toBeNull();
    const own = (await gql(OWN_VIEW, { id: recordId }, asSubject)).data.creditRecord;
    expect(own.status).toBe('PENDING_CORRECTION');
    expect(own.disclosure).toMatchObject({ isPublicNow: false, reason: expect.stringContaining('待报送单位更正') });
    expect(own.objections[0]).toMatchObject({
      state: 'CORRECTED',
      outcomeReason: '经核实，金额登记有误，报送单位将更正',
      correctBy: calendar.addWorkingDays(today, 5),
      correctionReceivedAt: null,
    });
    // The unit has the re-send in its work queue, with its deadline; a new objection waits for the correction.
    const queued = (await gql(QUEUE, {}, AS.marketRegulation)).data.workQueue.edges.map((edge: any) => edge.node);
    expect(queued).toContainEqual({
      kind: 'SEND_CORRECTION',
      number: objection.number,
      deadline: calendar.addWorkingDays(today, 5),
      objection: { id: objection.id },
    });
    expect((await gql(RAISE, { id: recordId, g: '再提' }, asSubject)).errors[0].extensions.code).toBe('CONFLICT');
    // A re-send of the same content is a duplicate and changes nothing.
    const same = await gql(`mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome } }`, { i: input }, AS.marketRegulation);
    expect(same.data.reportRecord.outcome).toBe('DUPLICATE');
    await pollAll();
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toBeNull();

    // The unit re-sends the corrected record: it is shown again, corrected, and the case notes it.
    const resent = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } } }`,
      { i: { ...input, facts: '未明码标价（金额更正为500元）' } },
      AS.marketRegulation,
    );
    expect(resent.data.reportRecord).toEqual({ outcome: 'CORRECTED', record: { id: recordId } });
    await pollAll();
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toEqual({
      id: recordId,
      facts: '未明码标价（金额更正为500元）',
      status: 'ACTIVE',
    });
    expect(await disclosed()).toContain(recordId);
    const after = (await gql(OWN_VIEW, { id: recordId }, asSubject)).data.creditRecord;
    expect(after.objections[0].correctionReceivedAt).not.toBeNull();
    expect(after.objections[0].history.map((step: any) => step.state)).toEqual(['SUBMITTED', 'CORRECTED', 'CORRECTION_RECEIVED']);
    const queuedAfter = (await gql(QUEUE, {}, AS.marketRegulation)).data.workQueue.edges.map((edge: any) => edge.node.number);
    expect(queuedAfter).not.toContain(objection.number);
  });

  it('keeps a record the unit corrected before resolving CORRECTED on display', async () => {
    const { input, recordId, asSubject } = await recordFor();
    const objection = (await gql(RAISE, { id: recordId, g: '金额登记有误' }, asSubject)).data.raiseObjection.objection;
    await pollAll();
    await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome } }`,
      { i: { ...input, facts: '未明码标价（已更正）' } },
      AS.marketRegulation,
    );
    await pollAll();
    const resolved = await gql(RESOLVE, { id: objection.id, o: 'CORRECTED', r: '已更正' }, AS.marketRegulation);
    expect(resolved.data.resolveObjection).toMatchObject({ state: 'CORRECTED', correctBy: null, correctionReceivedAt: expect.any(String) });
    await pollAll();
    expect((await gql(PUBLIC_VIEW, { id: recordId })).data.creditRecord).toMatchObject({ facts: '未明码标价（已更正）', status: 'ACTIVE' });
  });
});
