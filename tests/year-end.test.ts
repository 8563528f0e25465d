/**
 * Year end (issue 14, finding 9): chinese-days knows no 2027. Every workflow that computes a working-day
 * deadline in an unknown year answers the same CONFLICT in Chinese, never INTERNAL, and stores nothing;
 * lists keep answering; /health and /ready warn from 60 days before the last known day. Faked clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { CALENDAR_WARNING_DAYS, WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
const at = (day: string) => vi.setSystemTime(new Date(`${day}T10:00:00+08:00`));
afterEach(() => vi.useRealTimers());

let serial = 0;
async function recordFor() {
  const n = ++serial;
  const creditCode = makeCreditCode(`91320585NM${String(n).padStart(7, '0')}`);
  const input = {
    subject: { creditCode, name: `年末测试${n}号公司` },
    category: 'PRICE_NOT_MARKED',
    decisionDate: '2026-03-02',
    facts: '未明码标价',
    penalty: finePenalty('0.3'),
    unitReference: `NM-${n}`,
  };
  const body = await gql(
    `mutation($i: RecordReportInput!) { reportRecord(input: $i) { record { id } problems { reason } } }`,
    { i: input },
    AS.marketRegulation,
  );
  expect(body.data.reportRecord.problems).toEqual([]);
  await pollAll();
  return { creditCode, recordId: body.data.reportRecord.record.id as string };
}
/** A fresh token at the faked time (a token issued in real time may already have expired by then). */
const asSubjectOf = async (creditCode: string) => ({
  authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode })}`,
});

const RAISE = `mutation($id: ID!) { raiseObjection(input: { recordId: $id, grounds: "记录有误" }) { objection { id number verifyBy } } }`;
const EXTEND = `mutation($id: ID!) { extendObjection(id: $id, reason: "需其他单位协查") { verifyBy extended } }`;
const RESOLVE = `mutation($id: ID!) { resolveObjection(id: $id, outcome: CORRECTED, reason: "金额登记有误") { state correctBy } }`;
const APPLY = `mutation($id: ID!) { applyForRepair(input: { recordId: $id, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true }) { application { id acceptBy } } }`;
const CASES = `query($id: ID!) { creditRecord(id: $id) { status objections { state verifyBy extended correctBy } repairApplications { state } } }`;

function expectCalendarConflict(body: any, field: string) {
  expect(body.data?.[field] ?? null).toBeNull();
  expect(body.errors[0].extensions.code).toBe('CONFLICT');
  expect(body.errors[0].message).toContain('2027年的工作日历尚未载入');
  expect(body.errors[0].message).not.toMatch(/at |\.ts|select|insert/i);
}

describe('deadlines in a year whose calendar is not loaded', () => {
  it('on 24 December: an objection can still be raised (due 31 December), but not extended into 2027', async () => {
    const { creditCode, recordId } = await recordFor();
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-12-24');
    const raised = await gql(RAISE, { id: recordId }, await asSubjectOf(creditCode));
    expect(raised.errors).toBeUndefined();
    expect(raised.data.raiseObjection.objection.verifyBy).toBe('2026-12-31');
    const extended = await gql(EXTEND, { id: raised.data.raiseObjection.objection.id }, AS.marketRegulation);
    expectCalendarConflict(extended, 'extendObjection');
    // Nothing was stored by the refusal.
    const after = (await gql(CASES, { id: recordId }, AS.creditOffice)).data.creditRecord;
    expect(after.objections).toEqual([{ state: 'SUBMITTED', verifyBy: '2026-12-31', extended: false, correctBy: null }]);
  });

  it('from 28 December: raising, resolving CORRECTED, applying and accepting answer the same CONFLICT and store nothing', async () => {
    const objected = await recordFor();
    const repaired = await recordFor();
    const accepted = await recordFor();
    const corrected = await recordFor();
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-12-17');
    const toAccept = (await gql(APPLY, { id: accepted.recordId }, await asSubjectOf(accepted.creditCode))).data.applyForRepair.application;
    const toCorrect = (await gql(RAISE, { id: corrected.recordId }, await asSubjectOf(corrected.creditCode))).data.raiseObjection.objection;
    await pollAll();

    at('2026-12-28');
    expectCalendarConflict(await gql(RAISE, { id: objected.recordId }, await asSubjectOf(objected.creditCode)), 'raiseObjection');
    expectCalendarConflict(
      await gql(`mutation($id: ID!) { moveRepairApplication(id: $id, to: ACCEPTED) { state } }`, { id: toAccept.id }, AS.marketRegulation),
      'moveRepairApplication',
    );
    expectCalendarConflict(await gql(RESOLVE, { id: toCorrect.id }, AS.marketRegulation), 'resolveObjection');
    // Accepting within two working days reaches 2027 from 30 December.
    at('2026-12-30');
    expectCalendarConflict(await gql(APPLY, { id: repaired.recordId }, await asSubjectOf(repaired.creditCode)), 'applyForRepair');
    await pollAll();
    const cases = async (recordId: string) => (await gql(CASES, { id: recordId }, AS.creditOffice)).data.creditRecord;
    expect(await cases(objected.recordId)).toEqual({ status: 'ACTIVE', objections: [], repairApplications: [] });
    expect(await cases(repaired.recordId)).toEqual({ status: 'ACTIVE', objections: [], repairApplications: [] });
    expect((await cases(accepted.recordId)).repairApplications).toEqual([{ state: 'SUBMITTED' }]);
    expect(await cases(corrected.recordId)).toMatchObject({ status: 'DISPUTED', objections: [{ state: 'SUBMITTED', correctBy: null }] });
  });

  it('after the last known day, overdue lists and work queues still answer (days counted Monday to Friday)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2027-01-05');
    const overdue = await gql(
      `{ overdueObjections { objection { number } dueOn workingDaysLate } overdueRepairApplications { dueOn workingDaysLate } }`,
      {},
      AS.creditOffice,
    );
    expect(overdue.errors).toBeUndefined();
    // The objection due on 31 December: 1, 4 and 5 January 2027 count as working days (estimated).
    expect(overdue.data.overdueObjections).toContainEqual(expect.objectContaining({ dueOn: '2026-12-31', workingDaysLate: 3 }));
    const queue = await gql(
      `{ workQueue { totalCount edges { node { kind deadline workingDaysLeft overdue } } } }`,
      {},
      AS.marketRegulation,
    );
    expect(queue.errors).toBeUndefined();
    expect(queue.data.workQueue.edges[0].node).toMatchObject({ overdue: true });
  });
});

describe('the operator is warned before the calendar ends', () => {
  const health = async (url: string) => (await fetch(url)).json() as Promise<any>;

  it(`says nothing more than ${CALENDAR_WARNING_DAYS} days before the last known day, then warns in /ready, /health and the gateway's /health`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-10-01');
    const repairs = ctx.system.services.repairs.origin;
    expect((await health(`${repairs}/ready`)).calendar).toEqual({ lastKnownDay: '2026-12-31', daysLeft: 91, warning: null });
    expect((await health(`${ctx.system.gateway.origin}/health`)).calendar).toEqual({
      lastKnownDay: '2026-12-31',
      daysLeft: 91,
      warning: null,
    });

    at('2026-11-01');
    const ready = await health(`${repairs}/ready`);
    expect(ready).toMatchObject({ ready: true, service: 'repairs', calendar: { lastKnownDay: '2026-12-31', daysLeft: 60 } });
    expect(ready.calendar.warning).toContain('工作日历只载至2026-12-31，还剩60天');
    expect(ready.calendar.warning).toContain('WORKDAY_CALENDAR_FILE');
    expect((await health(`${repairs}/health`)).calendar).toEqual(ready.calendar);
    const gateway = await health(`${ctx.system.gateway.origin}/health`);
    expect(gateway).toMatchObject({ status: 'ok', service: 'gateway', calendar: ready.calendar });

    at('2027-01-05');
    const past = (await health(`${ctx.system.gateway.origin}/health`)).calendar;
    expect(past).toMatchObject({ lastKnownDay: '2026-12-31', daysLeft: -5 });
    expect(past.warning).toContain('已过期5天');
  });

  it('knows a year loaded from configuration', () => {
    const loaded = new WorkingCalendar({ years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } });
    expect(loaded.status('2026-12-24')).toEqual({ lastKnownDay: '2027-12-31', daysLeft: 372, warning: null });
    expect(loaded.deadline('2026-12-28', 5)).toBe('2027-01-05');
  });
});
