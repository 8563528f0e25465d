import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { KNOWN_DAY, pinClock, setClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const calendar = new WorkingCalendar();
// Deadlines are counted in working days: every test runs on a day of a known calendar year (support/clock.ts).
const today = KNOWN_DAY;
pinClock(today);
const pollAll = ctx.settle;
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;

/** A negative record reported by market regulation, known to repairs once the events are applied. */
async function recordFor(n: number, overrides: Record<string, unknown> = {}) {
  const creditCode = makeCreditCode(`91320585XF${String(n).padStart(7, '0')}`);
  const input = {
    subject: { creditCode, name: `修复测试${n}号公司` },
    category: 'PRICE_NOT_MARKED',
    decisionDate: addDays(today, -200),
    facts: '未明码标价',
    penalty: finePenalty('0.3'),
    unitReference: `XF-TEST-${n}`,
    ...overrides,
  };
  const body = await gql(
    `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome problems { reason } record { id } } }`,
    { i: [input] },
    AS.marketRegulation,
  );
  expect(body.data.reportRecords[0].outcome).toBe('CREATED');
  await pollAll();
  const token = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode });
  return { recordId: body.data.reportRecords[0].record.id as string, asSubject: { authorization: `Bearer ${token}` } };
}

const APPLY = `mutation($input: RepairApplicationInput!) { applyForRepair(input: $input) { queryCode application { id number state greenChannel greenChannelBasis acceptBy decideBy } } }`;
const MOVE = `mutation($id: ID!, $to: RepairState!, $reason: String) { moveRepairApplication(id: $id, to: $to, reason: $reason) { state decideBy reason history { state by reason } } }`;
const application = (recordId: string, extra: Record<string, unknown> = {}) => ({
  input: { recordId, correctionProof: '已补齐明码标价标签', obligationsMet: true, commitmentSigned: true, ...extra },
});

describe('credit repair (信用修复)', () => {
  it('goes from application to approval within working-day limits, and the record leaves public display', async () => {
    const { recordId, asSubject } = await recordFor(1);
    const filed = await gql(APPLY, application(recordId), asSubject);
    expect(filed.errors).toBeUndefined();
    const { application: app, queryCode } = filed.data.applyForRepair;
    expect(app).toMatchObject({ state: 'SUBMITTED', greenChannel: null, acceptBy: calendar.addWorkingDays(today, 2), decideBy: null });
    expect(app.number).toMatch(new RegExp(`^XF${today.replaceAll('-', '')}[0-9A-HJKMNP-TV-Z]{10}$`));
    expect(queryCode).toMatch(/^[2-9A-Z]{8}$/);

    const again = await gql(APPLY, application(recordId), asSubject);
    expect(again.errors[0]).toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'REPAIRS_APPLICATION_STILL_OPEN' },
      message: `该记录已有正在办理的信用修复申请 ${app.number}，请勿重复申请`,
    });

    expect((await gql(MOVE, { id: app.id, to: 'ACCEPTED' }, AS.health)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(MOVE, { id: app.id, to: 'APPROVED' }, AS.creditOffice)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'to',
    });
    const accepted = await gql(MOVE, { id: app.id, to: 'ACCEPTED' }, AS.marketRegulation);
    expect(accepted.data.moveRepairApplication).toMatchObject({ state: 'ACCEPTED', decideBy: calendar.addWorkingDays(today, 5) });
    const approved = await gql(MOVE, { id: app.id, to: 'APPROVED' }, AS.creditOffice);
    expect(approved.data.moveRepairApplication.history.map((step: any) => [step.state, step.by])).toEqual([
      ['SUBMITTED', `SUBJECT:${makeCreditCode('91320585XF0000001')}`],
      ['ACCEPTED', 'MEMBER_UNIT:market-regulation'],
      ['APPROVED', 'CREDIT_OFFICE:credit-office'],
    ]);

    await pollAll();
    const record = `query($id: ID!) { creditRecord(id: $id) { status disclosure { isPublicNow reason } } }`;
    expect((await gql(record, { id: recordId }, AS.creditOffice)).data.creditRecord).toMatchObject({
      status: 'REPAIRED',
      disclosure: { isPublicNow: false },
    });
    expect((await gql(record, { id: recordId }, asSubject)).data.creditRecord.status).toBe('REPAIRED');
    expect((await gql(record, { id: recordId }, AS.public)).data.creditRecord).toBeNull();
    expect((await gql(record, { id: recordId }, AS.health)).data.creditRecord).toBeNull();
  });

  it('refuses what is not eligible, naming the field and the reason', async () => {
    const recent = await recordFor(2, { decisionDate: addDays(today, -10) });
    const early = await gql(APPLY, application(recent.recordId), recent.asSubject);
    expect(early.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.recordId',
      reason: 'REPAIRS_MINIMUM_PERIOD_RUNNING',
    });
    expect(early.errors[0].message).toMatch(/^input\.recordId: 最短公示期至 \d{4}-\d{2}-\d{2} 届满/);
    const { recordId, asSubject } = await recordFor(3);
    expect((await gql(APPLY, application(recordId, { obligationsMet: false }), asSubject)).errors[0].extensions.field).toBe(
      'input.obligationsMet',
    );
    expect((await gql(APPLY, application(recordId, { commitmentSigned: false }), asSubject)).errors[0].extensions.field).toBe(
      'input.commitmentSigned',
    );
    expect((await gql(APPLY, application(recordId, { correctionProof: ' ' }), asSubject)).errors[0].extensions.field).toBe(
      'input.correctionProof',
    );
    const stranger = await recordFor(4);
    expect((await gql(APPLY, application(recordId), stranger.asSubject)).errors[0].extensions.code).toBe('FORBIDDEN');
    const counterfeit = await recordFor(5, {
      category: 'COUNTERFEIT_MEDICAL_GOODS',
      decisionDate: addDays(today, -400),
      severity: 'GENERAL',
    });
    const notRepairable = (await gql(APPLY, application(counterfeit.recordId), counterfeit.asSubject)).errors[0];
    expect(notRepairable.extensions.reason).toBe('REPAIRS_CATEGORY_NOT_REPAIRABLE');
    expect(notRepairable.message).toMatch(/^input\.recordId: 该类别（COUNTERFEIT_MEDICAL_GOODS）的失信信息不予信用修复：/);
  });

  it('takes the green channel with evidence, on the shorter limits', async () => {
    const { recordId, asSubject } = await recordFor(6);
    const missing = await gql(APPLY, application(recordId, { greenChannel: { reason: 'HARD_HIT' } }), asSubject);
    expect(missing.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.greenChannel.evidence' });
    const green = await gql(
      APPLY,
      application(recordId, { greenChannel: { reason: 'HARD_HIT', evidence: '2020年2-3月营业收入同比下降82%（纳税申报表）' } }),
      asSubject,
    );
    expect(green.data.applyForRepair.application).toMatchObject({
      greenChannel: 'HARD_HIT',
      greenChannelBasis: 'EVIDENCE',
      acceptBy: calendar.addWorkingDays(today, 1),
    });
    const accepted = await gql(MOVE, { id: green.data.applyForRepair.application.id, to: 'ACCEPTED' }, AS.creditOffice);
    expect(accepted.data.moveRepairApplication.decideBy).toBe(calendar.addWorkingDays(today, 2));
  });

  it('lets the applicant withdraw, and requires a reason to refuse', async () => {
    const { recordId, asSubject } = await recordFor(7);
    const app = (await gql(APPLY, application(recordId), asSubject)).data.applyForRepair.application;
    expect((await gql(MOVE, { id: app.id, to: 'NOT_ACCEPTED' }, AS.creditOffice)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect((await gql(MOVE, { id: app.id, to: 'WITHDRAWN' }, AS.creditOffice)).errors[0].extensions.code).toBe('FORBIDDEN');
    const withdrawn = await gql(MOVE, { id: app.id, to: 'WITHDRAWN', reason: '材料不全，补充后重新申请' }, asSubject);
    expect(withdrawn.data.moveRepairApplication).toMatchObject({ state: 'WITHDRAWN', reason: '材料不全，补充后重新申请' });
    expect((await gql(APPLY, application(recordId), asSubject)).data.applyForRepair.application.state).toBe('SUBMITTED');
  });

  it('lists applications past their limit for the credit office, with how many working days late', async () => {
    const { recordId, asSubject } = await recordFor(8);
    const app = (await gql(APPLY, application(recordId), asSubject)).data.applyForRepair.application;
    const later = addDays(today, 9);
    setClock(later);
    const overdue = (await gql(`{ overdueRepairApplications { application { id } dueOn workingDaysLate } }`, {}, AS.creditOffice)).data
      .overdueRepairApplications;
    expect(overdue).toContainEqual({
      application: { id: app.id },
      dueOn: app.acceptBy,
      workingDaysLate: calendar.workingDaysBetween(app.acceptBy, later),
    });
    expect(calendar.workingDaysBetween(app.acceptBy, later)).toBeGreaterThan(0);
  });

  it('requires attended repair training for a serious record, with enrolment, seats and attendance', async () => {
    const { recordId, asSubject } = await recordFor(9, {
      category: 'PRICE_GOUGING',
      severity: 'SERIOUS',
      decisionDate: addDays(today, -400),
    });
    const untrained = await gql(APPLY, application(recordId), asSubject);
    expect(untrained.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.trainingSessionId' });

    const session = (
      await gql(
        `mutation { scheduleTraining(input: { title: "信用修复专题培训", heldOn: "${today}", place: "太仓市民服务中心", capacity: 1 }) { id seatsLeft } }`,
        {},
        AS.creditOffice,
      )
    ).data.scheduleTraining;
    expect(session.seatsLeft).toBe(1);
    const enrol = `mutation($id: ID!) { enrolInTraining(sessionId: $id) { attended session { id seatsLeft } } }`;
    expect((await gql(enrol, { id: session.id }, asSubject)).data.enrolInTraining).toEqual({
      attended: null,
      session: { id: session.id, seatsLeft: 0 },
    });
    const other = await recordFor(10);
    expect((await gql(enrol, { id: session.id }, other.asSubject)).errors[0]).toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'REPAIRS_TRAINING_SESSION_FULL' },
      message: '该培训场次名额已满，请选择其他场次',
    });

    const subjectId = makeCreditCode('91320585XF0000009');
    const before = await gql(APPLY, application(recordId, { trainingSessionId: session.id }), asSubject);
    expect(before.errors[0].extensions.field).toBe('input.trainingSessionId');
    await gql(
      `mutation($s: ID!, $p: ID!) { recordTrainingAttendance(sessionId: $s, subjectId: $p, attended: true) { attended } }`,
      { s: session.id, p: subjectId },
      AS.creditOffice,
    );
    const filed = await gql(APPLY, application(recordId, { trainingSessionId: session.id }), asSubject);
    expect(filed.data.applyForRepair.application.state).toBe('SUBMITTED');
    const own = await gql(
      `query($id: ID!) { subject(id: $id) { trainingEnrolments { attended session { title } } } }`,
      { id: subjectId },
      asSubject,
    );
    expect(own.data.subject.trainingEnrolments).toEqual([{ attended: true, session: { title: '信用修复专题培训' } }]);
  });
});
