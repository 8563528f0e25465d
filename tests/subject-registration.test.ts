/** 登记信息: the registry's registerSubjects on the subjects subgraph alone, and once end to end. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainConsumers } from '../platform/system.js';
import type { SubjectSeen } from '../subgraphs/kit/event-contracts.js';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import type { Principal } from '../subgraphs/kit/principal.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { SUBJECTS_CONSUMES } from '../subgraphs/subjects/events.js';
import { useSubgraph } from './support/subgraph.js';
import { AS, databaseError, post, startTestSystem } from './support/system.js';

const REGISTRY: Principal = { role: 'MEMBER_UNIT', unitId: 'market-regulation' };
const OFFICE: Principal = { role: 'CREDIT_OFFICE', unitId: 'credit-office' };
const TAX: Principal = { role: 'MEMBER_UNIT', unitId: 'tax' };
const PUBLIC: Principal = { role: 'PUBLIC' };

const REGISTER = /* GraphQL */ `
  mutation Register($input: [SubjectRegistrationInput!]!) {
    registerSubjects(input: $input) {
      index creditCode outcome problems { field reason code }
      subject { id name kind status registeredOn registeredCapital { amount currency } organisationType businessScope registrationAuthority approvedOn creditCodeChecksumValid }
    }
  }
`;
const FIELDS = 'id name registeredCapital { amount currency } organisationType businessScope registrationAuthority approvedOn';

const code = (n: number) => makeCreditCode(`91320585MA${String(n).padStart(7, '0')}`);
const item = (n: number, overrides: Record<string, unknown> = {}) => ({
  creditCode: code(n),
  name: `太仓市登记测试${n}号机械有限公司`,
  kind: 'LEGAL_PERSON',
  legalRepresentative: '王建国',
  registeredAddress: '江苏省太仓市城厢镇人民南路18号',
  district: '城厢镇',
  industry: '制造业',
  registeredOn: '2015-03-18',
  status: 'ACTIVE',
  registeredCapital: { amount: '500', currency: 'CNY' },
  organisationType: '有限责任公司（自然人投资或控股）',
  businessScope: '精密机械零部件制造、加工、销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）',
  registrationAuthority: '太仓市市场监督管理局',
  approvedOn: '2023-06-01',
  ...overrides,
});

describe('registerSubjects on the subjects subgraph', () => {
  const alone = useSubgraph('subjects');
  const run = alone.run;
  const register = async (input: unknown[], principal: Principal = REGISTRY) => {
    const result = await run(REGISTER, { input }, principal);
    expect(result.errors).toBeUndefined();
    return result.data.registerSubjects as any[];
  };
  const outbox = async () => Number((await alone.rows<{ n: number }>(sql`select count(*)::int as n from subjects.outbox`))[0]!.n);
  const stored = async (id: string) =>
    (await alone.rows(sql`select name, updated_at::text as at from subjects.subjects where id = ${id}`))[0];
  /** Applies a records `subject.seen` as the consumer would. */
  const seen = (subjectId: string, name: string) => {
    const payload: SubjectSeen = {
      subjectId,
      kind: 'LEGAL_PERSON',
      name,
      creditCode: subjectId,
      creditCodeChecksumValid: true,
      idNumberEncrypted: null,
      idNumberMasked: null,
    };
    return alone.db.transaction((tx) =>
      SUBJECTS_CONSUMES[0]!.apply(tx, {
        id: 0,
        txid: '0',
        at: new Date().toISOString(),
        type: 'subject.seen',
        subjectId,
        payload: { ...payload },
      }),
    );
  };

  it('opens a file with the registry data, then answers a re-send UNCHANGED without writing anything', async () => {
    const batch = [
      item(1),
      item(2, { registeredCapital: { amount: '0012.500000', currency: 'USD' }, organisationType: '有限责任公司（外国法人独资）' }),
    ];
    const events = await outbox();
    const created = await register(batch);
    expect(created.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED']);
    expect(created[0]).toMatchObject({
      index: 0,
      creditCode: code(1),
      problems: [],
      subject: {
        id: code(1),
        kind: 'LEGAL_PERSON',
        registeredCapital: { amount: '500', currency: 'CNY' },
        approvedOn: '2023-06-01',
        creditCodeChecksumValid: true,
      },
    });
    expect(created[1].subject.registeredCapital).toEqual({ amount: '12.5', currency: 'USD' });
    expect(await outbox()).toBe(events + 2);

    const before = await stored(code(1));
    const again = await register(batch);
    expect(again.map((r) => r.outcome)).toEqual(['UNCHANGED', 'UNCHANGED']);
    expect(again[1].subject.registeredCapital).toEqual({ amount: '12.5', currency: 'USD' });
    expect(await outbox()).toBe(events + 2);
    expect(await stored(code(1))).toEqual(before);
  });

  it('announces an update only when what subject.registered carries changed; a field left out stays', async () => {
    await register([item(3)]);
    const events = await outbox();
    const [renamed] = await register([
      { creditCode: code(3), name: '太仓市登记测试三号精密机械有限公司', businessScope: '精密机械制造。' },
    ]);
    expect(renamed).toMatchObject({
      outcome: 'UPDATED',
      subject: {
        name: '太仓市登记测试三号精密机械有限公司',
        businessScope: '精密机械制造。',
        organisationType: '有限责任公司（自然人投资或控股）',
      },
    });
    expect(await outbox()).toBe(events);
    const [moved] = await register([
      { creditCode: code(3), name: '太仓市登记测试三号精密机械有限公司', district: '沙溪镇', registeredCapital: null },
    ]);
    expect(moved).toMatchObject({ outcome: 'UPDATED', subject: { registeredCapital: null } });
    expect(await outbox()).toBe(events + 1);
  });

  it('rejects only the bad items, each naming its field and a stable code; the others are stored', async () => {
    const tomorrow = addDays(chinaToday(), 1);
    const results = await register([
      item(10),
      item(11, { registeredCapital: { amount: 'abc', currency: 'CNY' } }),
      item(12, { registeredCapital: { amount: '-1', currency: 'CNY' } }),
      item(13, { registeredCapital: { amount: '1e5', currency: 'CNY' } }),
      item(14, { registeredCapital: { amount: '12345678901234', currency: 'CNY' } }),
      item(15, { registeredOn: '2026-02-30' }),
      item(16, { approvedOn: tomorrow }),
      item(17, { businessScope: '机械制造\u0000销售' }),
      item(18, { kind: 'NATURAL_PERSON' }),
      item(19, { approvedOn: '2010-01-01' }),
      item(20, { creditCode: `${code(20).slice(0, 17)}${code(20).endsWith('0') ? '1' : '0'}` }),
      item(21, { businessScope: '制'.repeat(4001) }),
      item(22, { registeredCapital: { amount: '0', currency: 'CNY' } }),
      item(23, { name: '  ' }),
      item(24),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', ...Array(13).fill('REJECTED'), 'CREATED']);
    const problems = results.slice(1, 14).map((r) => r.problems.map((p: any) => [p.field, p.code]));
    expect(problems).toEqual([
      [['input[1].registeredCapital.amount', 'INVALID_AMOUNT']],
      [['input[2].registeredCapital.amount', 'INVALID_AMOUNT']],
      [['input[3].registeredCapital.amount', 'INVALID_AMOUNT']],
      [['input[4].registeredCapital.amount', 'INVALID_AMOUNT']],
      [['input[5].registeredOn', 'INVALID_DATE']],
      [['input[6].approvedOn', 'FUTURE_DATE']],
      [['input[7].businessScope', 'INVALID_TEXT']],
      [['input[8].kind', 'INVALID_KIND']],
      [['input[9].approvedOn', 'DATE_ORDER']],
      [['input[10].creditCode', 'INVALID_CREDIT_CODE']],
      [['input[11].businessScope', 'TOO_LONG']],
      [['input[12].registeredCapital.amount', 'INVALID_AMOUNT']],
      [['input[13].name', 'REQUIRED']],
    ]);
    expect(results[7].problems[0].reason).toBe('含有无法存储的字符（U+0000 空字符）');
    expect(results[5].problems[0].reason).toContain('不是有效日历日期');
    expect(results[10].problems[0].reason).toContain('historicCode: true');
    for (const result of results.slice(1, 14))
      expect({ code: result.creditCode, subject: result.subject, file: await stored(result.creditCode) }).toEqual({
        code: result.creditCode,
        subject: null,
        file: undefined,
      });
  });

  it('names a lone surrogate on its field, and decides a code sent twice in one call against the first', async () => {
    const [bad, first, second] = await register([
      item(25, { name: '太仓\ud800机械有限公司' }),
      item(26),
      item(26, { name: '太仓市登记测试二十六号有限公司' }),
    ]);
    expect(bad.problems).toEqual([{ field: 'input[0].name', code: 'INVALID_TEXT', reason: expect.stringContaining('U+D800') }]);
    expect([first.outcome, second.outcome, second.subject.name]).toEqual(['CREATED', 'UPDATED', '太仓市登记测试二十六号有限公司']);
  });

  it('stores a file once when the same batch arrives twice at the same time', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => item(100 + i));
    const events = await outbox();
    const runs = await Promise.all([register(batch), register(batch)]);
    const outcomes = runs.flat().map((r) => r.outcome);
    expect([outcomes.filter((o) => o === 'CREATED').length, outcomes.filter((o) => o === 'UNCHANGED').length]).toEqual([20, 20]);
    expect(await outbox()).toBe(events + 20);
  });

  it('keeps every outcome right when overlapping batches, one naming a file a report opened, run at the same time', async () => {
    await seen(code(140), '太仓市报告先开档案有限公司');
    const events = await outbox();
    const a = [item(140), ...Array.from({ length: 10 }, (_, i) => item(141 + i))];
    const b = Array.from({ length: 10 }, (_, i) => item(146 + i));
    const [ra, rb] = await Promise.all([register(a), register(b)]);
    expect(ra[0]).toMatchObject({ outcome: 'UPDATED', subject: { id: code(140), name: item(140).name } });
    const byCode = new Map<string, string[]>();
    for (const result of [...ra, ...rb]) byCode.set(result.creditCode, [...(byCode.get(result.creditCode) ?? []), result.outcome]);
    // 141-145 only in a, 151-155 only in b: created; 146-150 in both: created once, unchanged once.
    for (let n = 141; n <= 155; n++)
      expect(byCode.get(code(n))!.sort()).toEqual(n >= 146 && n <= 150 ? ['CREATED', 'UNCHANGED'] : ['CREATED']);
    expect(await outbox()).toBe(events + 1 + 15);
  });

  it('accepts a historic code that fails the check only when told to, flagged', async () => {
    const historic = `${code(30).slice(0, 17)}${code(30).endsWith('0') ? '1' : '0'}`;
    const [accepted] = await register([item(30, { creditCode: historic, historicCode: true })]);
    expect(accepted).toMatchObject({ outcome: 'CREATED', subject: { id: historic, creditCodeChecksumValid: false } });
  });

  it('refuses units without the registry duty, subjects, banks, analysts and PUBLIC, storing nothing', async () => {
    const events = await outbox();
    const callers: Principal[] = [
      TAX,
      { role: 'MEMBER_UNIT', unitId: 'health' },
      { role: 'MEMBER_UNIT', unitId: 'nowhere' },
      { role: 'SUBJECT', subjectId: code(40) },
      { role: 'FINANCIAL_INSTITUTION', unitId: 'bank-taicang-rural' },
      { role: 'ANALYST', unitId: 'credit-office' },
      PUBLIC,
    ];
    for (const principal of callers) {
      const result = await run(REGISTER, { input: [item(40)] }, principal);
      expect({
        role: principal.role,
        data: result.data?.registerSubjects,
        error: result.errors?.[0]?.extensions?.code,
        path: result.errors?.[0]?.path,
      }).toEqual({ role: principal.role, data: null, error: 'FORBIDDEN', path: ['registerSubjects'] });
    }
    expect(await stored(code(40))).toBeUndefined();
    expect(await outbox()).toBe(events);
    const [asOffice] = await register([item(40)], OFFICE);
    expect(asOffice.outcome).toBe('CREATED');
  });

  it('refuses more than 1,000 items in one call', async () => {
    const result = await run(REGISTER, { input: Array.from({ length: 1001 }, (_, i) => item(2000 + i)) }, REGISTRY);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(await stored(code(2000))).toBeUndefined();
  });

  it("takes over a file a report opened, and a later report's name never overwrites the registry's", async () => {
    await seen(code(50), '太仓某机械厂（单位录入）');
    const [registered] = await register([item(50)]);
    expect(registered).toMatchObject({
      outcome: 'UPDATED',
      subject: { name: item(50).name, organisationType: '有限责任公司（自然人投资或控股）' },
    });
    const events = await outbox();
    await seen(code(50), '又一个名字');
    expect((await stored(code(50)))!.name).toBe(item(50).name);
    expect(await outbox()).toBe(events);
    const [again] = await register([item(50)]);
    expect(again.outcome).toBe('UNCHANGED');
  });

  it('shows the registration fields to PUBLIC for an organisation; a person never has them', async () => {
    await register([item(60)]);
    const asPublic = await run(`query($c: String!) { subjectByCode(code: $c) { ${FIELDS} } }`, { c: code(60) }, PUBLIC);
    expect(asPublic.errors).toBeUndefined();
    expect(asPublic.data.subjectByCode).toMatchObject({
      registeredCapital: { amount: '500', currency: 'CNY' },
      organisationType: '有限责任公司（自然人投资或控股）',
      registrationAuthority: '太仓市市场监督管理局',
      approvedOn: '2023-06-01',
    });

    const idNumber = makeIdNumber('320585', '19800101', 21);
    const personId = alone.subgraph.data.personIdFor(idNumber);
    // A person's file opens from a report (subject.seen); written here as that consumer would.
    await alone.db.execute(sql`insert into subjects.subjects (id, kind, name) values (${personId}, 'NATURAL_PERSON', '钱七')`);
    const asOffice = await run(`query($id: ID!) { subject(id: $id) { ${FIELDS} } }`, { id: personId }, OFFICE);
    expect(asOffice.data.subject).toEqual({
      id: personId,
      name: '钱七',
      registeredCapital: null,
      organisationType: null,
      businessScope: null,
      registrationAuthority: null,
      approvedOn: null,
    });
    // Even written by hand, a person's file refuses registration data: it is public, and would publish the person.
    expect(
      await databaseError(alone.db.execute(sql`update subjects.subjects set business_scope = '家政服务' where id = ${personId}`)),
    ).toContain('subjects_person_unregistered_check');
  });

  it('notes each change in the audit trail as a mutation of registration data, and nothing for an unchanged re-send', async () => {
    await register([item(70)]);
    await register([item(70)]);
    const entries = await alone.subgraph.audit.query({ subjectId: code(70) });
    expect(entries.map((e) => [e.action, e.dataClass, e.principal])).toEqual([
      ['MUTATION', 'SUBJECT_REGISTRATION', 'MEMBER_UNIT:market-regulation'],
    ]);
  });
});

describe('registerSubjects through the gateway', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  beforeAll(async () => {
    system = await startTestSystem({ seed: false });
  });
  afterAll(() => system?.close());

  it("registers as the market regulation bureau, shows it to PUBLIC, and keeps the registry's name after a unit's report", async () => {
    const registered = await post(system.gateway.url, REGISTER, { input: [item(80)] }, AS.marketRegulation);
    expect(registered.body.errors).toBeUndefined();
    expect(registered.body.data.registerSubjects[0].outcome).toBe('CREATED');
    const refused = await post(system.gateway.url, REGISTER, { input: [item(81)] }, { 'x-api-key': 'demo-tax' });
    expect(refused.body.errors[0]).toMatchObject({ path: ['registerSubjects'], extensions: { code: 'FORBIDDEN' } });

    const report = await post(
      system.gateway.url,
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome problems { field reason } } }`,
      {
        i: {
          subject: { creditCode: code(80), name: '单位录入的名称' },
          category: 'PRICE_SELF_DISCIPLINE',
          decisionDate: '2026-10-08',
          facts: '承诺防疫物资不涨价。',
          unitReference: 'REG-E2E-1',
        },
      },
      AS.marketRegulation,
    );
    expect(report.body.data.reportRecord).toEqual({ outcome: 'CREATED', problems: [] });
    await drainConsumers(system.consumers);
    const read = await post(system.gateway.url, `query($c: String!) { subjectByCode(code: $c) { ${FIELDS} } }`, { c: code(80) }, AS.public);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.subjectByCode).toMatchObject({
      name: item(80).name,
      registeredCapital: { amount: '500', currency: 'CNY' },
      businessScope: item(80).businessScope,
    });
  });
});
