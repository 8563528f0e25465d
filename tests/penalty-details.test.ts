/**
 * 行政处罚的双公示信息 (公共信用信息报告标准 2022): a penalty reports what was imposed — types, content,
 * amounts in 万元, the licence affected — or is rejected, item by item; the details are content (a change
 * corrects, the same again is a duplicate) and a person's are read only by the person, the reporting unit
 * and the credit office, as the facts are.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import type { Principal } from '../subgraphs/kit/principal.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { checkAmount } from '../subgraphs/records/penalty.js';
import { AS_PRINCIPAL, asSubject, useRecordsSubgraph } from './support/records-subgraph.js';

const records = useRecordsSubgraph();
const NUL = '含有无法存储的字符（U+0000 空字符）';

const REPORT = /* GraphQL */ `
  mutation($input: [RecordReportInput!]!) {
    reportRecords(input: $input) {
      index outcome problems { field reason }
      record { id version subject { id } penalty { decisionNumber types content fineAmount confiscatedAmount licenceAffected } history { version content } }
    }
  }
`;
const READ = `query($id: ID!) { creditRecord(id: $id) { id facts penalty { decisionNumber types fineAmount } } }`;

const company = (n: number) => ({
  creditCode: makeCreditCode(`91320585PD${String(n).padStart(7, '0')}`),
  name: `双公示测试${n}号商贸有限公司`,
});
const today = chinaToday();
let serial = 0;
const gouging = (overrides: Record<string, unknown> = {}) => ({
  subject: company(1),
  category: 'PRICE_GOUGING',
  decisionDate: addDays(today, -10),
  facts: '将医用外科口罩由每只0.8元提价至3.5元销售，违法所得1.2万元。',
  legalBasis: '《中华人民共和国价格法》第十四条、第四十条',
  unitReference: `太市监价罚〔2026〕PD${++serial}号`,
  penalty: {
    types: ['FINE', 'CONFISCATION'],
    content: '没收违法所得1.2万元，并处违法所得三倍罚款3.6万元。',
    fineAmount: '3.6',
    confiscatedAmount: '1.2',
  },
  ...overrides,
});
const report = async (input: unknown[], principal: Principal = AS_PRINCIPAL.market) => {
  const result = await records.run(REPORT, { input }, principal);
  expect(result.errors).toBeUndefined();
  return result.data!.reportRecords as any[];
};
const penaltyOf = (overrides: Record<string, unknown>) => gouging({ penalty: { ...gouging().penalty, ...overrides } });
const outboxCount = async () => Number((await records.rows<{ n: number }>(sql`select count(*)::int as n from records.outbox`))[0]!.n);

describe('amounts in 万元', () => {
  it('are positive decimals of at most 12 integer and 6 fraction digits, kept as text in their shortest form', () => {
    for (const bad of [
      '1e3',
      '-5',
      'abc',
      '0',
      '0.000',
      '00.5',
      '.5',
      '5.',
      '1,200',
      '1234567890123',
      '1.1234567',
      '+3',
      'Infinity',
      '１２',
    ])
      expect({ bad, ...checkAmount(bad) }).toMatchObject({
        bad,
        reason: { code: 'RECORDS_AMOUNT_INVALID', zh: expect.stringContaining('大于零的十进制数') },
      });
    expect(checkAmount('1.50')).toEqual({ amount: '1.5' });
    expect(checkAmount(' 12.35 ')).toEqual({ amount: '12.35' });
    expect(checkAmount('0.000001')).toEqual({ amount: '0.000001' });
    expect(checkAmount('999999999999.999999')).toEqual({ amount: '999999999999.999999' });
    expect(checkAmount('3.000')).toEqual({ amount: '3' });
  });
});

describe('intake of a penalty', () => {
  it('rejects only the penalty that comes without its 双公示 fields, and keeps those of the others', async () => {
    const { penalty: _, ...bare } = gouging();
    const good = gouging();
    const results = await report([bare, good]);
    expect(results.map((r) => r.outcome)).toEqual(['REJECTED', 'CREATED']);
    expect(results[0].problems).toEqual([
      { field: 'input[0].penalty', reason: expect.stringContaining('PRICE_GOUGING（哄抬物价）是行政处罚，须报送双公示信息') },
    ]);
    expect(results[1].record.penalty).toEqual({
      decisionNumber: good.unitReference,
      types: ['FINE', 'CONFISCATION'],
      content: good.penalty.content,
      fineAmount: '3.6',
      confiscatedAmount: '1.2',
      licenceAffected: null,
    });
  });

  it('names the field and the rule: a fine needs its amount, an amount its type, a licence its suspension or revocation', async () => {
    const results = await report([
      penaltyOf({ fineAmount: null }),
      penaltyOf({ types: ['WARNING'], confiscatedAmount: null }),
      penaltyOf({ licenceAffected: '食品经营许可证（JY13205850012345）' }),
      penaltyOf({ types: [] }),
      penaltyOf({ types: ['FINE', 'FINE', 'CONFISCATION'] }),
      penaltyOf({ content: '  ' }),
      penaltyOf({ types: ['FINE', 'CONFISCATION', 'LICENCE_REVOCATION'] }),
      penaltyOf({ types: ['DETENTION'], fineAmount: null, confiscatedAmount: null }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(Array(8).fill('REJECTED'));
    expect(results.map((r) => r.problems.map((p: any) => p.field))).toEqual([
      ['input[0].penalty.fineAmount'],
      ['input[1].penalty.fineAmount'],
      ['input[2].penalty.licenceAffected'],
      ['input[3].penalty.types', 'input[3].penalty.fineAmount', 'input[3].penalty.confiscatedAmount'],
      ['input[4].penalty.types'],
      ['input[5].penalty.content'],
      ['input[6].penalty.licenceAffected'],
      ['input[7].penalty.types'],
    ]);
    expect(results[0].problems[0].reason).toBe('为空：处罚类别含FINE（罚款），须填报罚款金额（万元）');
    expect(results[1].problems[0].reason).toBe('仅在处罚类别含FINE（罚款）时填报罚款金额（万元）');
    expect(results[2].problems[0].reason).toContain('LICENCE_SUSPENSION（暂扣许可证件）或LICENCE_REVOCATION（吊销许可证件）');
    expect(results[4].problems[0].reason).toBe('处罚类别重复填报：FINE（罚款）');
    expect(results[7].problems[0].reason).toBe('DETENTION（行政拘留）只适用于自然人');
  });

  it.each(['1e3', '-5', 'abc', '0'])('refuses the amount %j, and stores nothing of the item', async (amount) => {
    const item = penaltyOf({ fineAmount: amount });
    const [result] = await report([item]);
    expect(result).toMatchObject({
      outcome: 'REJECTED',
      problems: [{ field: 'input[0].penalty.fineAmount', reason: expect.stringContaining(`收到 "${amount}"`) }],
    });
    expect(await records.rows(sql`select id from records.credit_records where unit_reference = ${item.unitReference}`)).toEqual([]);
  });

  it('refuses a penalty block on an honour, and on any kind but ADMINISTRATIVE_PENALTY', async () => {
    const honour = {
      subject: company(2),
      category: 'HONOR_AWARD',
      decisionDate: addDays(today, -5),
      facts: '被授予太仓市诚信企业称号。',
      unitReference: 'PD-HONOUR-1',
      penalty: { types: ['WARNING'], content: '警告' },
    };
    const tax = {
      subject: company(2),
      category: 'LATE_TAX',
      decisionDate: addDays(today, -5),
      facts: '逾期未申报增值税。',
      unitReference: 'PD-TAX-1',
      penalty: { types: ['FINE'], content: '罚款', fineAmount: '0.1' },
    };
    const results = await report([honour, tax, { ...honour, unitReference: 'PD-HONOUR-2', penalty: undefined }], AS_PRINCIPAL.office);
    expect(results.map((r) => r.outcome)).toEqual(['REJECTED', 'REJECTED', 'CREATED']);
    expect(results[0].problems).toEqual([
      { field: 'input[0].penalty', reason: expect.stringContaining('HONOR_AWARD（荣誉奖励）不是行政处罚（HONOR）') },
    ]);
    expect(results[1].problems).toEqual([
      { field: 'input[1].penalty', reason: expect.stringContaining('不是行政处罚（DISHONEST_CONDUCT）') },
    ]);
    expect(results[2].record.penalty).toBeNull();
  });

  it('refuses text that cannot be stored in the details, naming the path; the rest of the batch goes through', async () => {
    const results = await report([penaltyOf({ content: '没收违法所得\u0000' }), penaltyOf({ licenceAffected: null }), gouging()]);
    expect(results.map((r) => r.outcome)).toEqual(['REJECTED', 'CREATED', 'CREATED']);
    expect(results[0].problems).toEqual([{ field: 'input[0].penalty.content', reason: NUL }]);
  });

  it('is content: the same details again are a DUPLICATE (no version, no event), a changed amount CORRECTS and keeps the old one in history', async () => {
    const first = gouging();
    const [created] = await report([first]);
    expect(created).toMatchObject({ outcome: 'CREATED', record: { version: 1 } });
    const events = await outboxCount();
    // The same details, types in another order and the amount written longer: the same content.
    const [again] = await report([{ ...first, penalty: { ...first.penalty, types: ['CONFISCATION', 'FINE'], fineAmount: '3.60' } }]);
    expect(again).toMatchObject({ outcome: 'DUPLICATE', record: { id: created.record.id, version: 1, history: [] } });
    expect(await outboxCount()).toBe(events);

    const [corrected] = await report([
      { ...first, penalty: { ...first.penalty, fineAmount: '4.8', content: '没收违法所得1.2万元，并处违法所得四倍罚款4.8万元。' } },
    ]);
    expect(corrected).toMatchObject({
      outcome: 'CORRECTED',
      record: { id: created.record.id, version: 2, penalty: { fineAmount: '4.8' } },
    });
    expect(corrected.record.history).toHaveLength(1);
    expect(JSON.parse(corrected.record.history[0].content)).toMatchObject({
      version: 1,
      penalty: { fineAmount: '3.6', types: ['FINE', 'CONFISCATION'] },
    });
    expect(await outboxCount()).toBe(events + 2); // subject.seen and record.changed
  });
});

describe('who reads penalty details', () => {
  it("shows an organisation's public penalty to anyone, as its facts", async () => {
    const [created] = await report([gouging({ subject: company(3) })]);
    const read = await records.run(READ, { id: created.record.id }, AS_PRINCIPAL.public);
    expect(read.errors).toBeUndefined();
    expect(read.data!.creditRecord.penalty).toEqual({
      decisionNumber: expect.stringContaining('PD'),
      types: ['FINE', 'CONFISCATION'],
      fineAmount: '3.6',
    });
  });

  it("shows a person's only to the person, the reporting unit and the credit office; PUBLIC, ANALYST and another unit do not get them", async () => {
    const person = { idNumber: makeIdNumber('320585', '19750612', 231), name: '钱七' };
    const item = gouging({
      subject: person,
      category: 'COUNTERFEIT_MEDICAL_GOODS',
      unitReference: 'PD-PERSON-1',
      facts: '通过微信群销售假冒口罩。',
      penalty: {
        types: ['FINE', 'CONFISCATION'],
        content: '没收假冒口罩，并处货值金额二倍罚款0.8万元。',
        fineAmount: '0.8',
        confiscatedAmount: '0.4',
      },
    });
    const [created] = await report([item]);
    expect(created.outcome).toBe('CREATED');
    const { id, subject } = created.record;
    for (const principal of [asSubject(subject.id), AS_PRINCIPAL.market, AS_PRINCIPAL.office]) {
      const read = await records.run(READ, { id }, principal);
      expect({ principal, errors: read.errors, penalty: read.data!.creditRecord.penalty }).toEqual({
        principal,
        errors: undefined,
        penalty: { decisionNumber: 'PD-PERSON-1', types: ['FINE', 'CONFISCATION'], fineAmount: '0.8' },
      });
    }
    for (const principal of [AS_PRINCIPAL.public, AS_PRINCIPAL.analyst, AS_PRINCIPAL.bank, asSubject('91320585692138384A')]) {
      expect((await records.run(READ, { id }, principal)).data!.creditRecord).toBeNull();
    }
    // The police share the duty (counterfeit medical goods) and see the record, but neither its facts nor its penalty.
    const police = await records.run(READ, { id }, AS_PRINCIPAL.police);
    expect(police.data!.creditRecord).toEqual({ id, facts: null, penalty: null });
    expect(police.errors!.map((e) => [e.path.join('.'), e.extensions.code])).toEqual([
      ['creditRecord.facts', 'FORBIDDEN'],
      ['creditRecord.penalty', 'FORBIDDEN'],
    ]);
    // Reading them is noted in the audit trail, as the facts are.
    const trail = await records.rows<{ data_class: string }>(
      sql`select data_class from records.audit_log where ${subject.id} = any(subject_ids) and principal = 'SUBJECT:' || ${subject.id}`,
    );
    expect(trail.map((row) => row.data_class)).toContain('PERSONAL_FACTS');
  });
});
