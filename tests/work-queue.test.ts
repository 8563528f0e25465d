/**
 * Clerks' work queues (issue 14, finding 10): a reporting unit lists the repair applications and objections
 * waiting on its records with their deadlines, overdue first; the credit office all or one unit's; the
 * decider — and only the decider — reads the evidence the decision rests on. Through the gateway.
 */
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { pinClock, setClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const calendar = new WorkingCalendar();
const pollAll = ctx.settle;
const at = (day: string) => setClock(day);
// Queues show working-day deadlines: every test starts on a fixed day of a known calendar year (support/clock.ts).
pinClock('2026-11-16');

let serial = 0;
async function recordFor(unit: Record<string, string>) {
  const n = ++serial;
  const creditCode = makeCreditCode(`91320585WQ${String(n).padStart(7, '0')}`);
  const common = { subject: { creditCode, name: `待办测试${n}号公司` }, decisionDate: '2026-03-02', unitReference: `WQ-${n}` };
  const input =
    unit === AS.health
      ? { ...common, category: 'NO_HEALTH_MONITORING', facts: '未对返岗职工进行健康监测', rectificationDeadline: '2026-04-30' }
      : { ...common, category: 'PRICE_NOT_MARKED', facts: '未明码标价', penalty: finePenalty('0.3') };
  const body = await gql(
    `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } problems { field reason } } }`,
    { i: input },
    unit,
  );
  expect(body.data.reportRecord.problems).toEqual([]);
  await pollAll();
  const token = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode });
  return { creditCode, recordId: body.data.reportRecord.record.id as string, asSubject: { authorization: `Bearer ${token}` } };
}

const APPLY = `mutation($i: RepairApplicationInput!) { applyForRepair(input: $i) { application { id number acceptBy } } }`;
const RAISE = `mutation($id: ID!) { raiseObjection(input: { recordId: $id, grounds: "记录有误" }) { objection { id number verifyBy } } }`;
const QUEUE = `query($first: Int, $after: String, $unit: ID) { workQueue(first: $first, after: $after, unitId: $unit) {
  totalCount edges { cursor node { kind number reportingUnitId submittedOn deadline workingDaysLeft overdue record { id } application { id } objection { id } } }
  pageInfo { hasNextPage endCursor } } }`;
const EVIDENCE = `query($id: ID!) { repairApplication(id: $id) { number evidence { correctionProof obligationsDescription commitmentSigned greenChannel greenChannelBasis greenChannelEvidence subjectTags trainingSession { id } } } }`;

describe('work queue (待办)', () => {
  const cases = {} as Record<'late' | 'green' | 'objection' | 'health', { id: string; number: string; recordId: string; deadline: string }>;

  it('lists what waits on a unit with deadlines, overdue first then the nearest deadline', async () => {
    // An application filed on 2 November (accept by 4 November) is overdue by 16 November.
    at('2026-11-02');
    const late = await recordFor(AS.marketRegulation);
    const lateApp = (
      await gql(
        APPLY,
        { i: { recordId: late.recordId, correctionProof: '已补齐价格标签', obligationsMet: true, commitmentSigned: true } },
        late.asSubject,
      )
    ).data.applyForRepair.application;
    cases.late = { ...lateApp, recordId: late.recordId, deadline: lateApp.acceptBy };
    at('2026-11-16');
    const green = await recordFor(AS.marketRegulation);
    const greenApp = (
      await gql(
        APPLY,
        {
          i: {
            recordId: green.recordId,
            correctionProof: '已整改到位',
            obligationsMet: true,
            obligationsDescription: '罚款已缴清',
            commitmentSigned: true,
            greenChannel: { reason: 'HARD_HIT', evidence: '2026年营业收入同比下降62%的财务报表' },
          },
        },
        green.asSubject,
      )
    ).data.applyForRepair.application;
    cases.green = { ...greenApp, recordId: green.recordId, deadline: greenApp.acceptBy };
    const disputed = await recordFor(AS.marketRegulation);
    const objection = (await gql(RAISE, { id: disputed.recordId }, disputed.asSubject)).data.raiseObjection.objection;
    cases.objection = { ...objection, recordId: disputed.recordId, deadline: objection.verifyBy };
    const elsewhere = await recordFor(AS.health);
    const healthObjection = (await gql(RAISE, { id: elsewhere.recordId }, elsewhere.asSubject)).data.raiseObjection.objection;
    cases.health = { ...healthObjection, recordId: elsewhere.recordId, deadline: healthObjection.verifyBy };

    const queue = (await gql(QUEUE, {}, AS.marketRegulation)).data.workQueue;
    expect(queue.totalCount).toBe(3);
    expect(queue.edges.map((edge: any) => edge.node)).toEqual([
      {
        kind: 'ACCEPT_REPAIR',
        number: cases.late.number,
        reportingUnitId: 'market-regulation',
        submittedOn: '2026-11-02',
        deadline: '2026-11-04',
        workingDaysLeft: -calendar.workingDaysBetween('2026-11-04', '2026-11-16'),
        overdue: true,
        record: { id: cases.late.recordId },
        application: { id: cases.late.id },
        objection: null,
      },
      {
        kind: 'ACCEPT_REPAIR',
        number: cases.green.number,
        reportingUnitId: 'market-regulation',
        submittedOn: '2026-11-16',
        deadline: '2026-11-17',
        workingDaysLeft: 1,
        overdue: false,
        record: { id: cases.green.recordId },
        application: { id: cases.green.id },
        objection: null,
      },
      {
        kind: 'VERIFY_OBJECTION',
        number: cases.objection.number,
        reportingUnitId: 'market-regulation',
        submittedOn: '2026-11-16',
        deadline: '2026-11-23',
        workingDaysLeft: 5,
        overdue: false,
        record: { id: cases.objection.recordId },
        application: null,
        objection: { id: cases.objection.id },
      },
    ]);

    // Accepting moves the application to its decision deadline.
    at('2026-11-16');
    await gql(`mutation($id: ID!) { moveRepairApplication(id: $id, to: ACCEPTED) { state } }`, { id: cases.green.id }, AS.marketRegulation);
    const moved = (await gql(QUEUE, {}, AS.marketRegulation)).data.workQueue.edges.map((edge: any) => [
      edge.node.kind,
      edge.node.number,
      edge.node.deadline,
    ]);
    expect(moved).toEqual([
      ['ACCEPT_REPAIR', cases.late.number, '2026-11-04'],
      ['DECIDE_REPAIR', cases.green.number, '2026-11-18'],
      ['VERIFY_OBJECTION', cases.objection.number, '2026-11-23'],
    ]);
  });

  it('pages with a cursor, without repeating or skipping', async () => {
    const first = (await gql(QUEUE, { first: 2 }, AS.marketRegulation)).data.workQueue;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await gql(QUEUE, { first: 2, after: first.pageInfo.endCursor }, AS.marketRegulation)).data.workQueue;
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...second.edges].map((edge: any) => edge.node.number)).toEqual([
      cases.late.number,
      cases.green.number,
      cases.objection.number,
    ]);
    expect((await gql(QUEUE, { after: 'not-a-cursor' }, AS.marketRegulation)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('shows the credit office every unit, or one; a unit only its own', async () => {
    const all = (await gql(QUEUE, {}, AS.creditOffice)).data.workQueue;
    expect(all.edges.map((edge: any) => edge.node.number)).toEqual(expect.arrayContaining([cases.late.number, cases.health.number]));
    const health = (await gql(QUEUE, { unit: 'health' }, AS.creditOffice)).data.workQueue.edges.map((edge: any) => edge.node.number);
    expect(health).toEqual([cases.health.number]);
    expect((await gql(QUEUE, {}, AS.health)).data.workQueue.edges.map((edge: any) => edge.node.number)).toEqual([cases.health.number]);
    // Another unit's queue, asked for by name; and callers who have no queue.
    const snooping = await gql(QUEUE, { unit: 'market-regulation' }, AS.health);
    expect(snooping.data.workQueue).toBeNull();
    expect(snooping.errors[0].extensions.code).toBe('FORBIDDEN');
    const subject = {
      authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: makeCreditCode('91320585WQ0000002') })}`,
    };
    for (const caller of [subject, AS.public, AS.bank, AS.analyst]) {
      const refused = await gql(QUEUE, {}, caller);
      expect(refused.data.workQueue).toBeNull();
      expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('gives the decider the evidence, and nobody else', async () => {
    const expected = {
      number: cases.green.number,
      evidence: {
        correctionProof: '已整改到位',
        obligationsDescription: '罚款已缴清',
        commitmentSigned: true,
        greenChannel: 'HARD_HIT',
        greenChannelBasis: 'EVIDENCE',
        greenChannelEvidence: '2026年营业收入同比下降62%的财务报表',
        subjectTags: [],
        trainingSession: null,
      },
    };
    expect((await gql(EVIDENCE, { id: cases.green.id }, AS.marketRegulation)).data.repairApplication).toEqual(expected);
    expect((await gql(EVIDENCE, { id: cases.green.id }, AS.creditOffice)).data.repairApplication).toEqual(expected);
    const inQueue = await gql(
      `{ workQueue { edges { node { number application { evidence { greenChannelEvidence } } } } } }`,
      {},
      AS.marketRegulation,
    );
    expect(inQueue.data.workQueue.edges.find((edge: any) => edge.node.number === cases.green.number).node.application.evidence).toEqual({
      greenChannelEvidence: '2026年营业收入同比下降62%的财务报表',
    });
    // The applicant sees its application but not the decider's file; another unit does not see the case at all.
    const subject = {
      authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: makeCreditCode('91320585WQ0000002') })}`,
    };
    const own = await gql(EVIDENCE, { id: cases.green.id }, subject);
    expect(own.data.repairApplication).toEqual({ number: cases.green.number, evidence: null });
    expect(own.errors[0]).toMatchObject({ path: ['repairApplication', 'evidence'], extensions: { code: 'FORBIDDEN' } });
    expect((await gql(EVIDENCE, { id: cases.green.id }, AS.health)).data.repairApplication).toBeNull();
  });
});
