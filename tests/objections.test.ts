import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { pinClock } from './support/clock.js';
import { finePenalty } from './support/penalty.js';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const calendar = new WorkingCalendar();
// Objections get working-day deadlines: every test runs on a fixed day of a known calendar year (support/clock.ts),
// from which even twenty working days stay inside 2026 (year-end.test.ts has the turn of the year).
const today = '2026-11-16';
pinClock(today);
const pollAll = ctx.settle;
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;

async function recordFor(n: number) {
  const creditCode = makeCreditCode(`91320585YY${String(n).padStart(7, '0')}`);
  const input = {
    subject: { creditCode, name: `异议测试${n}号公司` },
    category: 'PRICE_NOT_MARKED',
    decisionDate: addDays(today, -20),
    facts: '未明码标价',
    penalty: finePenalty('0.2'),
    unitReference: `YY-TEST-${n}`,
  };
  const body = await gql(
    `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { record { id } } }`,
    { i: [input] },
    AS.marketRegulation,
  );
  await pollAll();
  return {
    recordId: body.data.reportRecords[0].record.id as string,
    asSubject: await ctx.asSubject(creditCode),
  };
}

const RAISE = `mutation($id: ID!) { raiseObjection(input: { recordId: $id, grounds: "处罚决定书所列商品并非本店销售" }) { queryCode objection { id number state verifyBy extended } } }`;
const RESOLVE = `mutation($id: ID!, $outcome: ObjectionOutcome!, $reason: String!) { resolveObjection(id: $id, outcome: $outcome, reason: $reason) { state outcomeReason history { state by reason } } }`;
const STATUS = `query($id: ID!) { creditRecord(id: $id) { status disclosure { isPublicNow } } }`;
const PROGRESS = `query($n: String!, $c: String!) { applicationProgress(number: $n, code: $c) { number kind state submittedOn deadline decidedOn outcomeReason } }`;

describe('objections (异议)', () => {
  it('disputes the record at once, lets the unit verify within the limit, and tells the subject the outcome', async () => {
    const { recordId, asSubject } = await recordFor(1);
    const raised = await gql(RAISE, { id: recordId }, asSubject);
    const { objection, queryCode } = raised.data.raiseObjection;
    expect(objection).toMatchObject({ state: 'SUBMITTED', verifyBy: calendar.addWorkingDays(today, 5), extended: false });
    expect(objection.number).toMatch(/^YY\d{8}[0-9A-HJKMNP-TV-Z]{10}$/);
    await pollAll();
    expect((await gql(STATUS, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('DISPUTED');

    expect(
      (
        await gql(
          `mutation($id: ID!) { extendObjection(id: $id, reason: "需公安协查") { verifyBy extended } }`,
          { id: objection.id },
          AS.health,
        )
      ).errors[0].extensions.code,
    ).toBe('FORBIDDEN');
    const extended = await gql(
      `mutation($id: ID!) { extendObjection(id: $id, reason: "需公安协查") { verifyBy extended } }`,
      { id: objection.id },
      AS.marketRegulation,
    );
    expect(extended.data.extendObjection).toEqual({ verifyBy: calendar.addWorkingDays(today, 20), extended: true });
    const twice = await gql(
      `mutation($id: ID!) { extendObjection(id: $id, reason: "再次延期") { extended } }`,
      { id: objection.id },
      AS.marketRegulation,
    );
    expect(twice.errors[0]).toMatchObject({
      message: 'id: 核实期限已延长过一次，不能再次延长',
      extensions: { code: 'BAD_USER_INPUT', reason: 'REPAIRS_OBJECTION_ALREADY_EXTENDED' },
    });

    const upheld = await gql(
      RESOLVE,
      { id: objection.id, outcome: 'UPHELD', reason: '经复核，现场检查笔录与照片证实该商品为当事人销售' },
      AS.marketRegulation,
    );
    expect(upheld.data.resolveObjection.history.map((step: any) => step.state)).toEqual(['SUBMITTED', 'EXTENDED', 'UPHELD']);
    await pollAll();
    expect((await gql(STATUS, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('ACTIVE');

    const progress = await gql(PROGRESS, { n: objection.number, c: queryCode });
    expect(progress.data.applicationProgress).toEqual({
      number: objection.number,
      kind: 'OBJECTION',
      state: 'UPHELD',
      submittedOn: today,
      deadline: null,
      decidedOn: today,
      outcomeReason: '经复核，现场检查笔录与照片证实该商品为当事人销售',
    });
  });

  it('withdraws the record from display and sharing when the objection succeeds', async () => {
    const { recordId, asSubject } = await recordFor(2);
    const { objection } = (await gql(RAISE, { id: recordId }, asSubject)).data.raiseObjection;
    await gql(RESOLVE, { id: objection.id, outcome: 'WITHDRAWN', reason: '经核实，处罚对象认定错误，撤销该记录' }, AS.marketRegulation);
    await pollAll();
    expect((await gql(STATUS, { id: recordId }, AS.creditOffice)).data.creditRecord).toEqual({
      status: 'WITHDRAWN',
      disclosure: { isPublicNow: false },
    });
    expect((await gql(STATUS, { id: recordId }, AS.public)).data.creditRecord).toBeNull();
  });

  it('lets only the subject object, with grounds', async () => {
    const { recordId } = await recordFor(3);
    const other = await recordFor(4);
    expect((await gql(RAISE, { id: recordId }, other.asSubject)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(RAISE, { id: recordId }, AS.marketRegulation)).errors[0]).toMatchObject({
      path: ['raiseObjection'],
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('objection state machine, by role', () => {
  it.each(['CORRECTED', 'WITHDRAWN', 'UPHELD'])('resolves %s once, by the reporting unit or the credit office only', async (outcome) => {
    const { recordId, asSubject } = await recordFor(10 + ['CORRECTED', 'WITHDRAWN', 'UPHELD'].indexOf(outcome));
    const { objection } = (await gql(RAISE, { id: recordId }, asSubject)).data.raiseObjection;
    const attempt = async (headers: Record<string, string>) => {
      const body = await gql(RESOLVE, { id: objection.id, outcome, reason: '核实结论' }, headers);
      return body.errors ? body.errors[0].extensions.code : body.data.resolveObjection.state;
    };
    expect(await attempt(asSubject)).toBe('FORBIDDEN');
    expect(await attempt(AS.health)).toBe('FORBIDDEN');
    expect(await attempt(AS.bank)).toBe('FORBIDDEN');
    expect(await attempt(AS.marketRegulation)).toBe(outcome);
    expect(await attempt(AS.creditOffice)).toBe('BAD_USER_INPUT');
    const extend = await gql(
      `mutation($id: ID!) { extendObjection(id: $id, reason: "晚了") { extended } }`,
      { id: objection.id },
      AS.marketRegulation,
    );
    expect(extend.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPAIRS_OBJECTION_CLOSED' });
    expect(extend.errors[0].message).toContain(`该异议已办结`);
    expect(extend.errors[0].message).toContain(`（${outcome}）`);
  });
});

describe('progress without login (进度查询)', () => {
  it('shows state and deadline for the right code, the same null for a wrong code or an unknown number, and stops guessing', async () => {
    const { recordId, asSubject } = await recordFor(5);
    const { objection, queryCode } = (await gql(RAISE, { id: recordId }, asSubject)).data.raiseObjection;
    const right = await gql(PROGRESS, { n: objection.number, c: queryCode.toLowerCase() });
    expect(right.data.applicationProgress).toMatchObject({ kind: 'OBJECTION', state: 'SUBMITTED', deadline: objection.verifyBy });
    expect(Object.keys(right.data.applicationProgress).sort()).toEqual([
      'deadline',
      'decidedOn',
      'kind',
      'number',
      'outcomeReason',
      'state',
      'submittedOn',
    ]);
    const wrong = await gql(PROGRESS, { n: objection.number, c: 'AAAAAAAA' });
    const unknown = await gql(PROGRESS, { n: 'YY209901010001', c: 'AAAAAAAA' });
    expect(wrong).toEqual({ data: { applicationProgress: null } });
    expect(unknown).toEqual({ data: { applicationProgress: null } });
    // Five wrong codes for one number from one address in 15 minutes: even the right code is refused there for a while.
    for (let i = 0; i < 4; i++) await gql(PROGRESS, { n: objection.number, c: `WRONG00${i}` });
    const blocked = await gql(PROGRESS, { n: objection.number, c: queryCode });
    expect(blocked.data.applicationProgress).toBeNull();
    expect(blocked.errors[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED', reason: 'QUERY_CODE_ATTEMPTS_TOO_MANY' },
      message: expect.stringMatching(/^错误的查询码次数过多：请求过于频繁，请在 \d+ 秒后重试$/),
    });
    // What a citizen reads is Chinese; a browser that prefers English gets the same refusal in English.
    const english = await gql(PROGRESS, { n: objection.number, c: queryCode }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.errors[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED', reason: 'QUERY_CODE_ATTEMPTS_TOO_MANY' },
      message: expect.stringMatching(/^too many wrong query codes: too many requests; retry after \d+ s$/),
    });
  });
});

describe('progress lockout that a stranger cannot trigger', () => {
  it('counts wrong codes per client address and number: five from one address leave the applicant elsewhere unaffected', async () => {
    const { recordId, asSubject } = await recordFor(6);
    const { objection, queryCode } = (await gql(RAISE, { id: recordId }, asSubject)).data.raiseObjection;
    // Straight to the repairs service, as the gateway would sign requests from two different addresses.
    const { signPrincipal, PRINCIPAL_HEADER } = await import('../subgraphs/kit/principal.js');
    const from = (client: string) => ({
      [PRINCIPAL_HEADER]: signPrincipal(
        { principal: { role: 'PUBLIC' }, requestId: `lockout-${client}`, audience: 'repairs', issuer: 'gateway', client },
        ctx.system.secrets.internalSecret,
      ),
    });
    const ask = async (client: string, code: string) =>
      (await post(ctx.system.services.repairs.url, PROGRESS, { n: objection.number, c: code }, from(client))).body;
    for (let i = 0; i < 5; i++) expect((await ask('203.0.113.7', `WRONG${i}XX`)).data.applicationProgress).toBeNull();
    expect((await ask('203.0.113.7', queryCode)).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await ask('198.51.100.20', queryCode)).data.applicationProgress).toMatchObject({ kind: 'OBJECTION', state: 'SUBMITTED' });
  });
});
