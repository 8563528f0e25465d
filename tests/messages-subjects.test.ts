/** The subjects subgraph's refusals as a person reads them: Chinese by default, English on Accept-Language, stable codes. */
import { describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { AS, post, useSeededSystem } from './support/system.js';

const EN = { 'accept-language': 'en' };
const PREFERS_CHINESE = { 'accept-language': 'fr, zh;q=0.9, en;q=0.5' };

describe('subjects refusals through the gateway', () => {
  const ctx = useSeededSystem();
  const ask = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    (await post(ctx.system.gateway.url, query, variables, headers)).body;

  it('a bad credit code asked for as PUBLIC: the kit’s reason, Chinese unless English is preferred', async () => {
    const query = `query($c: String!) { subjectByCode(code: $c) { id } }`;
    const variables = { c: '91320585MA1234567' };
    const zh = await ask(query, variables, AS.public);
    expect(zh.errors[0]).toMatchObject({
      message: 'code: 应为 18 位，收到 17 位',
      extensions: { code: 'BAD_USER_INPUT', reason: 'WRONG_LENGTH', field: 'code' },
    });
    const en = await ask(query, variables, { ...AS.public, ...EN });
    expect(en.errors[0]).toMatchObject({
      message: 'code: must be 18 characters, got 17',
      extensions: { code: 'BAD_USER_INPUT', reason: 'WRONG_LENGTH' },
    });
    expect((await ask(query, variables, { ...AS.public, ...PREFERS_CHINESE })).errors[0].message).toBe('code: 应为 18 位，收到 17 位');
  });

  it('a field the caller may not read names the field and says who may, in either language', async () => {
    const query = `{ subjectStatistics(by: KIND) { key count } }`;
    const zh = await ask(query, {}, AS.public);
    const refusal = zh.errors.find((e: any) => e.extensions?.code === 'FORBIDDEN');
    expect(refusal).toMatchObject({
      message: 'Query.subjectStatistics: 统计数据仅向分析人员、成员单位和市信用办开放',
      extensions: { code: 'FORBIDDEN', reason: 'SUBJECTS_STATISTICS_RESTRICTED' },
    });
    const en = (await ask(query, {}, { ...AS.public, ...EN })).errors.find((e: any) => e.extensions?.code === 'FORBIDDEN');
    expect(en.message).toBe('Query.subjectStatistics: statistics are for analysts, member units and the credit office');
    const fr = (await ask(query, {}, { ...AS.public, ...PREFERS_CHINESE })).errors.find((e: any) => e.extensions?.code === 'FORBIDDEN');
    expect(fr.message).toBe(refusal.message);
  });

  it('registerSubjects item problems: the reason renders in the caller’s language beside the enum code', async () => {
    const query = `mutation($i: [SubjectRegistrationInput!]!) { registerSubjects(input: $i) { index outcome problems { field reason code } } }`;
    const tomorrow = addDays(chinaToday(), 1);
    const input = [
      { creditCode: '91320585MA1234567', name: '太仓市测试有限公司' },
      { creditCode: makeCreditCode('91320585MA7654321'), name: '太仓市测试二有限公司', registeredOn: tomorrow },
    ];
    const zh = await ask(query, { i: input }, AS.marketRegulation);
    expect(zh.errors).toBeUndefined();
    expect(zh.data.registerSubjects).toEqual([
      {
        index: 0,
        outcome: 'REJECTED',
        problems: [
          {
            field: 'input[0].creditCode',
            code: 'INVALID_CREDIT_CODE',
            reason: '统一社会信用代码不符合 GB 32100-2015（应为 18 位，收到 17 位）',
          },
        ],
      },
      {
        index: 1,
        outcome: 'REJECTED',
        problems: [{ field: 'input[1].registeredOn', code: 'FUTURE_DATE', reason: `${tomorrow} 晚于今天（${chinaToday()}，北京时间）` }],
      },
    ]);
    const en = await ask(query, { i: input }, { ...AS.marketRegulation, ...EN });
    expect(en.data.registerSubjects.map((r: any) => r.problems[0])).toEqual([
      {
        field: 'input[0].creditCode',
        code: 'INVALID_CREDIT_CODE',
        reason: 'not a valid unified social credit code under GB 32100-2015 (must be 18 characters, got 17)',
      },
      { field: 'input[1].registeredOn', code: 'FUTURE_DATE', reason: `${tomorrow} is after today (${chinaToday()}, China time)` },
    ]);
    const fr = await ask(query, { i: input }, { ...AS.marketRegulation, ...PREFERS_CHINESE });
    expect(fr.data.registerSubjects).toEqual(zh.data.registerSubjects);
  });

  it('a caller who may not register, and a designation without its basis, are refused in Chinese with their codes', async () => {
    const register = `mutation($i: [SubjectRegistrationInput!]!) { registerSubjects(input: $i) { index } }`;
    const refused = await ask(register, { i: [{ creditCode: makeCreditCode('91320585MA7654322'), name: '某公司' }] }, AS.bank);
    expect(refused.errors[0]).toMatchObject({
      message: 'Mutation.registerSubjects: 只有登记机关（具有市场监管职责的成员单位）和市信用办可以登记组织',
      extensions: { code: 'FORBIDDEN', reason: 'SUBJECTS_REGISTER_RESTRICTED' },
    });
    const designate = `mutation($i: [SubjectDesignationInput!]!, $r: String!) { designateSubjects(input: $i, reason: $r) { index } }`;
    const variables = { i: [{ subjectId: ctx.demo.companyCode, tags: ['HARD_HIT'] }], r: '  ' };
    expect((await ask(designate, variables, AS.creditOffice)).errors[0]).toMatchObject({
      message: 'reason: 须填写认定依据（如所依据的名单或文件）',
      extensions: { code: 'BAD_USER_INPUT', reason: 'SUBJECTS_DESIGNATION_REASON_REQUIRED', field: 'reason' },
    });
    expect((await ask(designate, variables, { ...AS.creditOffice, ...EN })).errors[0].message).toBe(
      'reason: is required: the basis of the designation (e.g. the list it comes from)',
    );
  });

  it('designateSubjects: an id no file has is a problem of its item, in the caller’s language', async () => {
    const query = `mutation($i: [SubjectDesignationInput!]!, $r: String!) { designateSubjects(input: $i, reason: $r) { outcome problems { field reason code } } }`;
    const variables = { i: [{ subjectId: 'NO-SUCH-FILE', tags: ['HARD_HIT'] }], r: '测试认定' };
    const zh = await ask(query, variables, AS.creditOffice);
    expect(zh.data.designateSubjects[0]).toEqual({
      outcome: 'REJECTED',
      problems: [{ field: 'input[0].subjectId', reason: '没有该主体的信用档案', code: 'UNKNOWN_SUBJECT' }],
    });
    const en = await ask(query, variables, { ...AS.creditOffice, ...EN });
    expect(en.data.designateSubjects[0].problems[0].reason).toBe('no credit file has this id');
  });
});
