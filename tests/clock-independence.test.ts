/**
 * Clock independence. The working-day calendar ends with the last year the State Council has published
 * (chinese-days, then WORKDAY_CALENDAR_FILE for later years), and a deadline beyond it is refused. Every other
 * test pins its clock to a day of a known year (support/clock.ts), so `npm test` passes whatever the real date
 * is; this file alone runs the calendar-sensitive flows on a day after the calendar's end and expects the
 * documented answer: CONFLICT in Chinese naming the year to load, never INTERNAL, nothing stored, and the
 * lists still answering. When it fails, the product's behaviour past the calendar's end broke, not a test's clock.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { pinClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
// The first year nobody has loaded (2027 with chinese-days 1.5.7): the day stays past the end when the package learns a year.
const unknownYear = new WorkingCalendar().lastKnownYear + 1;
const afterTheEnd = `${unknownYear}-03-01`;
pinClock(afterTheEnd);

const APPLY = `mutation($id: ID!) { applyForRepair(input: { recordId: $id, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true }) { application { id acceptBy } } }`;
const RAISE = `mutation($id: ID!) { raiseObjection(input: { recordId: $id, grounds: "记录有误" }) { objection { id verifyBy } } }`;

function expectCalendarConflict(body: any, field: string) {
  expect(body.data?.[field] ?? null).toBeNull();
  expect(body.errors[0].extensions.code).toBe('CONFLICT');
  expect(body.errors[0].message).toContain(`${unknownYear}年的工作日历尚未载入`);
}

describe(`on ${afterTheEnd}, after the working-day calendar ends`, () => {
  it('refuses a repair application and an objection with the documented CONFLICT, stores nothing, and the lists still answer', async () => {
    const creditCode = makeCreditCode('91320585CK0000001');
    // Decided 200 days before: public, past its minimum disclosure period, open to repair and to objection.
    const input = {
      subject: { creditCode, name: '时钟测试1号公司' },
      category: 'PRICE_NOT_MARKED',
      decisionDate: addDays(afterTheEnd, -200),
      facts: '未明码标价',
      penalty: finePenalty('0.3'),
      unitReference: 'CK-1',
    };
    const reported = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } problems { reason } } }`,
      { i: input },
      AS.marketRegulation,
    );
    expect(reported.data.reportRecord).toMatchObject({ outcome: 'CREATED', problems: [] });
    const recordId = reported.data.reportRecord.record.id as string;
    await pollAll();
    const asSubject = await ctx.asSubject(creditCode);

    expectCalendarConflict(await gql(APPLY, { id: recordId }, asSubject), 'applyForRepair');
    expectCalendarConflict(await gql(RAISE, { id: recordId }, asSubject), 'raiseObjection');
    await pollAll();
    const cases = (
      await gql(
        `query($id: ID!) { creditRecord(id: $id) { status objections { state } repairApplications { state } } }`,
        { id: recordId },
        AS.creditOffice,
      )
    ).data.creditRecord;
    expect(cases).toEqual({ status: 'ACTIVE', objections: [], repairApplications: [] });

    const lists = await gql(`{ overdueObjections { dueOn } overdueRepairApplications { dueOn } }`, {}, AS.creditOffice);
    expect(lists.errors).toBeUndefined();
    const queue = await gql(`{ workQueue { totalCount } }`, {}, AS.marketRegulation);
    expect(queue.errors).toBeUndefined();
  });
});
