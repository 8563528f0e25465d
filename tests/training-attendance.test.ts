/**
 * Repair training (issue 14, finding 4): attendance is recorded only once a session has taken place (China
 * time); before that it is refused with CONFLICT and nothing is stored, so a SERIOUS repair cannot cite it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
afterEach(() => vi.useRealTimers());

const SCHEDULE = `mutation($d: Date!) { scheduleTraining(input: { title: "信用修复专题培训", heldOn: $d, place: "太仓市民服务中心", capacity: 10 }) { id heldOn } }`;
const ENROL = `mutation($id: ID!) { enrolInTraining(sessionId: $id) { attended } }`;
const ATTEND = `mutation($s: ID!, $p: ID!) { recordTrainingAttendance(sessionId: $s, subjectId: $p, attended: true) { attended } }`;
const APPLY = `mutation($id: ID!, $s: ID) { applyForRepair(input: { recordId: $id, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true, trainingSessionId: $s }) { application { state } } }`;
const OWN = `query($id: ID!) { subject(id: $id) { trainingEnrolments { attended session { heldOn } } } }`;

describe('repair training attendance', () => {
  it('refuses attendance for a session nine days ahead (and one day ahead), and accepts it on the day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-16T10:00:00+08:00'));
    const creditCode = makeCreditCode('91320585TR0000001');
    const input = {
      subject: { creditCode, name: '培训测试1号公司' },
      category: 'PRICE_GOUGING',
      severity: 'SERIOUS',
      decisionDate: '2025-06-02',
      facts: '哄抬口罩价格',
      penalty: finePenalty('5'),
      unitReference: 'TR-1',
    };
    const reported = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { record { id } problems { reason } } }`,
      { i: input },
      AS.marketRegulation,
    );
    expect(reported.data.reportRecord.problems).toEqual([]);
    const recordId = reported.data.reportRecord.record.id;
    await pollAll();
    const asSubject = await ctx.asSubject(creditCode);

    const later = (await gql(SCHEDULE, { d: '2026-11-25' }, AS.creditOffice)).data.scheduleTraining;
    const tomorrow = (await gql(SCHEDULE, { d: '2026-11-17' }, AS.creditOffice)).data.scheduleTraining;
    for (const session of [later, tomorrow]) {
      expect((await gql(ENROL, { id: session.id }, asSubject)).data.enrolInTraining).toEqual({ attended: null });
      const early = await gql(ATTEND, { s: session.id, p: creditCode }, AS.creditOffice);
      expect(early.data.recordTrainingAttendance).toBeNull();
      expect(early.errors[0].extensions.code).toBe('CONFLICT');
      expect(early.errors[0].message).toContain(`该培训场次定于${session.heldOn}举行，尚未举行`);
      const refused = await gql(APPLY, { id: recordId, s: session.id }, asSubject);
      expect(refused.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.trainingSessionId' });
    }
    expect((await gql(OWN, { id: creditCode }, asSubject)).data.subject.trainingEnrolments).toEqual([
      { attended: null, session: { heldOn: '2026-11-17' } },
      { attended: null, session: { heldOn: '2026-11-25' } },
    ]);

    // 07:30 on the 17th in Taicang is still the 16th in UTC: the day is China's, and the session has taken place.
    vi.setSystemTime(new Date('2026-11-17T07:30:00+08:00'));
    expect((await gql(ATTEND, { s: tomorrow.id, p: creditCode }, AS.creditOffice)).data.recordTrainingAttendance).toEqual({
      attended: true,
    });
    expect((await gql(APPLY, { id: recordId, s: tomorrow.id }, asSubject)).data.applyForRepair.application.state).toBe('SUBMITTED');
  });
});
