/**
 * Messages in Chinese (issue 17): the repairs subgraph's refusals reach a citizen or an enterprise through the
 * real gateway in Chinese by default, with the stable `extensions.code` and the message's `extensions.reason`
 * code beside the text, in English when Accept-Language prefers it, and in Chinese again when it prefers Chinese.
 */
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { definedCodes } from '../subgraphs/kit/messages.js';
import { addDays } from '../subgraphs/kit/time.js';
import { REPAIRS_MESSAGES } from '../subgraphs/repairs/messages.js';
import { notRepairable } from '../subgraphs/repairs/rules.js';
import { KNOWN_DAY, pinClock, setClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, post, useSeededSystem } from './support/system.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

describe('the repairs catalogue', () => {
  // Any parameter reads as a placeholder: every entry renders, whatever it interpolates.
  const anything = new Proxy({}, { get: () => 'X1' });

  it('carries the REPAIRS_ prefix on every code, Chinese in zh and none in en', () => {
    const codes = Object.keys(REPAIRS_MESSAGES);
    expect(codes.length).toBeGreaterThan(40);
    for (const code of codes) {
      const message = (REPAIRS_MESSAGES as Record<string, (p: unknown) => { code: string; zh: string; en: string }>)[code]!(anything);
      expect(message.code, code).toBe(code);
      expect(code, code).toMatch(/^REPAIRS_[A-Z0-9_]+$/);
      expect(definedCodes().has(code), code).toBe(true);
      expect(message.zh, code).toMatch(CJK);
      expect(message.en, code).not.toMatch(CJK);
      expect(message.en.trim(), code).not.toBe('');
    }
  });

  it('names the vocabulary in Chinese with its code beside it, and keeps the facts in both languages', () => {
    expect(REPAIRS_MESSAGES.REPAIRS_RECORD_NOT_ACTIVE({ status: 'DEFERRED' })).toEqual({
      code: 'REPAIRS_RECORD_NOT_ACTIVE',
      zh: '该记录当前状态为暂缓报送（DEFERRED），没有需要修复的内容',
      en: 'the record is DEFERRED: there is nothing to repair',
    });
    expect(REPAIRS_MESSAGES.REPAIRS_TRANSITION_NOT_ALLOWED({ from: 'SUBMITTED', to: 'APPROVED' }).zh).toBe(
      '申请不能从“已提交（SUBMITTED）”变为“准予修复（APPROVED）”',
    );
    expect(REPAIRS_MESSAGES.REPAIRS_CALENDAR_NOT_LOADED({ year: 2027, lastKnownYear: 2026 }).zh).toContain('2027年的工作日历尚未载入');
    expect(notRepairable('COUNTERFEIT_MEDICAL_GOODS')).toMatchObject({
      code: 'REPAIRS_CATEGORY_NOT_REPAIRABLE',
      zh: expect.stringMatching(/^该类别（COUNTERFEIT_MEDICAL_GOODS）的失信信息不予信用修复/),
      en: expect.stringMatching(/^COUNTERFEIT_MEDICAL_GOODS records cannot be repaired/),
    });
  });
});

const ctx = useSeededSystem({ seed: false });
// Deadlines are counted in working days: the test runs on a day of a known calendar year (support/clock.ts).
const today = KNOWN_DAY;
pinClock(today);
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;

const ENGLISH = { 'accept-language': 'en' };
const PREFERS_CHINESE = { 'accept-language': 'fr, zh;q=0.9, en;q=0.5' };

/** A negative record of a company of its own, reported by market regulation and known to repairs. */
async function recordFor(n: number) {
  const creditCode = makeCreditCode(`91320585MX${String(n).padStart(7, '0')}`);
  const body = await gql(
    `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome record { id } } }`,
    {
      i: [
        {
          subject: { creditCode, name: `消息测试${n}号公司` },
          category: 'PRICE_NOT_MARKED',
          decisionDate: addDays(today, -200),
          facts: '未明码标价',
          penalty: finePenalty('0.3'),
          unitReference: `MSG-REPAIRS-${n}`,
        },
      ],
    },
    AS.marketRegulation,
  );
  expect(body.data.reportRecords[0].outcome).toBe('CREATED');
  await ctx.settle();
  const token = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode });
  return { recordId: body.data.reportRecords[0].record.id as string, asSubject: { authorization: `Bearer ${token}` } };
}

/** The same refusal three times: by default, with English preferred, with Chinese preferred over English. */
async function expectRefusal(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  expected: { code: string; reason: string; zh: string; en: string; field?: string },
) {
  const extensions = { code: expected.code, reason: expected.reason, ...(expected.field ? { field: expected.field } : {}) };
  const chinese = await gql(query, variables, headers);
  expect(chinese.errors[0]).toMatchObject({ message: expected.zh, extensions });
  const english = await gql(query, variables, { ...headers, ...ENGLISH });
  expect(english.errors[0]).toMatchObject({ message: expected.en, extensions });
  const again = await gql(query, variables, { ...headers, ...PREFERS_CHINESE });
  expect(again.errors[0]).toMatchObject({ message: expected.zh, extensions });
}

const APPLY = `mutation($input: RepairApplicationInput!) { applyForRepair(input: $input) { application { id } } }`;
const application = (recordId: string, extra: Record<string, unknown> = {}) => ({
  input: { recordId, correctionProof: '已补齐明码标价标签', obligationsMet: true, commitmentSigned: true, ...extra },
});
const RAISE = `mutation($id: ID!, $g: String!) { raiseObjection(input: { recordId: $id, grounds: $g }) { objection { id } } }`;
const SCHEDULE = `mutation($d: Date!) { scheduleTraining(input: { title: "信用修复专题培训", heldOn: $d, place: "太仓市民服务中心", capacity: 1 }) { id } }`;
const ENROL = `mutation($id: ID!) { enrolInTraining(sessionId: $id) { enrolledAt } }`;

describe('repairs refusals through the gateway', () => {
  it('refuses an application without the signed commitment or without the proof of correction, naming the field', async () => {
    const { recordId, asSubject } = await recordFor(1);
    await expectRefusal(APPLY, application(recordId, { commitmentSigned: false }), asSubject, {
      code: 'BAD_USER_INPUT',
      reason: 'REPAIRS_COMMITMENT_REQUIRED',
      field: 'input.commitmentSigned',
      zh: 'input.commitmentSigned: 须签署《信用修复承诺书》',
      en: 'input.commitmentSigned: a signed repair commitment is required',
    });
    await expectRefusal(APPLY, application(recordId, { correctionProof: '   ' }), asSubject, {
      code: 'BAD_USER_INPUT',
      reason: 'REPAIRS_CORRECTION_PROOF_EMPTY',
      field: 'input.correctionProof',
      zh: 'input.correctionProof: 不能为空：请说明或注明已纠正失信行为的证明材料',
      en: 'input.correctionProof: is empty: describe or reference the proof that the act was corrected',
    });
    const filed = await gql(APPLY, application(recordId), asSubject);
    expect(filed.errors).toBeUndefined();
    const number = (await gql(APPLY, application(recordId), asSubject)).errors[0].message.match(/XF\w+/)[0];
    await expectRefusal(APPLY, application(recordId), asSubject, {
      code: 'CONFLICT',
      reason: 'REPAIRS_APPLICATION_STILL_OPEN',
      zh: `该记录已有正在办理的信用修复申请 ${number}，请勿重复申请`,
      en: `application ${number} for this record is still open`,
    });
  });

  it('refuses an objection with empty grounds, and another subject’s objection', async () => {
    const { recordId, asSubject } = await recordFor(2);
    await expectRefusal(RAISE, { id: recordId, g: '  ' }, asSubject, {
      code: 'BAD_USER_INPUT',
      reason: 'REPAIRS_OBJECTION_GROUNDS_EMPTY',
      field: 'input.grounds',
      zh: 'input.grounds: 不能为空：请说明该记录有何错误',
      en: 'input.grounds: is empty: say what is wrong with the record',
    });
    const other = await recordFor(3);
    await expectRefusal(RAISE, { id: recordId, g: '并非本店' }, other.asSubject, {
      code: 'FORBIDDEN',
      reason: 'REPAIRS_OBJECTION_SUBJECT_ONLY',
      zh: '异议由记录的当事主体提出',
      en: 'an objection is raised by the subject of the record',
    });
  });

  it('refuses enrolment in a full session and in one that has taken place', async () => {
    const first = await recordFor(4);
    const second = await recordFor(5);
    const session = (await gql(SCHEDULE, { d: today }, AS.creditOffice)).data.scheduleTraining.id;
    expect((await gql(ENROL, { id: session }, first.asSubject)).errors).toBeUndefined();
    await expectRefusal(ENROL, { id: session }, second.asSubject, {
      code: 'CONFLICT',
      reason: 'REPAIRS_TRAINING_SESSION_FULL',
      zh: '该培训场次名额已满，请选择其他场次',
      en: 'this session is full: choose another',
    });
    setClock(addDays(today, 1));
    await expectRefusal(ENROL, { id: session }, second.asSubject, {
      code: 'BAD_USER_INPUT',
      reason: 'REPAIRS_TRAINING_SESSION_PAST',
      field: 'sessionId',
      zh: 'sessionId: 该培训场次已经举行，不能再报名',
      en: 'sessionId: this session has already taken place',
    });
    setClock(today);
  });

  it('says who may read a field, and what was not found', async () => {
    await expectRefusal(`{ workQueue { totalCount } }`, {}, AS.bank, {
      code: 'FORBIDDEN',
      reason: 'REPAIRS_WORK_QUEUE_UNITS_ONLY',
      zh: 'Query.workQueue: 待办事项仅向报送单位和市信用办开放',
      en: 'Query.workQueue: work queues are for the reporting units and the credit office',
    });
    const id = '00000000-0000-4000-8000-000000000000';
    await expectRefusal(`mutation($id: ID!) { moveRepairApplication(id: $id, to: ACCEPTED) { state } }`, { id }, AS.creditOffice, {
      code: 'NOT_FOUND',
      reason: 'REPAIRS_APPLICATION_NOT_FOUND',
      zh: `未找到信用修复申请 ${id}`,
      en: `repair application ${id} not found`,
    });
  });
});
