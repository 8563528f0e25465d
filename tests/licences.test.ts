/**
 * 行政许可 (双公示): member units report the licences they granted; reports are idempotent on (unit, decision
 * number), a changed re-send corrects, each item answers for itself; organisations' licences are public, a
 * person's are read only by the person, the licensing unit and the credit office, and each such read is audited.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import type { Principal } from '../subgraphs/kit/principal.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { licenceStatus, prepareLicence } from '../subgraphs/records/licence.js';
import { AS_PRINCIPAL, asSubject, useRecordsSubgraph } from './support/records-subgraph.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const records = useRecordsSubgraph();
const today = chinaToday();
const KEYS = { pseudonymKey: Buffer.alloc(32, 1), idEncryptionKey: Buffer.alloc(32, 2) };

const REPORT = /* GraphQL */ `
  mutation($input: [LicenceReportInput!]!) {
    reportLicences(input: $input) {
      index decisionNumber outcome problems { field reason }
      licence { id subject { id } decisionNumber certificateName certificateNumber type content decisionDate validFrom validUntil licensingUnit { id } status version }
    }
  }
`;
const LICENCES_OF = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Subject { id administrativeLicences { id decisionNumber status } } } }`;

const company = (n: number) => ({
  creditCode: makeCreditCode(`91320585XK${String(n).padStart(7, '0')}`),
  name: `许可测试${n}号餐饮有限公司`,
});
let serial = 0;
const foodLicence = (overrides: Record<string, unknown> = {}) => ({
  subject: company(1),
  decisionNumber: `太市监食许〔2026〕T${++serial}号`,
  certificateName: '食品经营许可证',
  certificateNumber: `JY2320585${String(1000000 + serial)}`,
  type: 'GENERAL',
  content: '主体业态：餐饮服务经营者（小型餐馆）；经营项目：热食类食品制售。',
  decisionDate: addDays(today, -30),
  validFrom: addDays(today, -30),
  validUntil: addDays(addDays(today, -30), 5 * 365),
  ...overrides,
});
const report = async (input: unknown[], principal: Principal = AS_PRINCIPAL.market) => {
  const result = await records.run(REPORT, { input }, principal);
  expect(result.errors).toBeUndefined();
  return result.data!.reportLicences as any[];
};
const count = async (query: ReturnType<typeof sql>) => Number((await records.rows<{ n: number }>(query))[0]!.n);
const licenceRows = (prefix: string) =>
  count(sql`select count(*)::int as n from records.administrative_licences where decision_number like ${`${prefix}%`}`);
const seenEvents = () => count(sql`select count(*)::int as n from records.outbox where type = 'subject.seen'`);

describe('the rules of a licence', () => {
  it('derives the status: REVOKED once revoked, EXPIRED after validUntil (China time), VALID otherwise, long-term included', () => {
    expect(licenceStatus({ revoked: true, validUntil: null }, '2026-06-01')).toBe('REVOKED');
    expect(licenceStatus({ revoked: false, validUntil: '2026-05-31' }, '2026-06-01')).toBe('EXPIRED');
    expect(licenceStatus({ revoked: false, validUntil: '2026-06-01' }, '2026-06-01')).toBe('VALID');
    expect(licenceStatus({ revoked: false, validUntil: null }, '2026-06-01')).toBe('VALID');
  });

  it('refuses dates that are not real, a decision in the future, and a validity ending before it starts', () => {
    const check = (overrides: Record<string, unknown>) => {
      const item = foodLicence({ decisionDate: '2026-06-01', validFrom: '2026-06-01', validUntil: '2031-05-31', ...overrides });
      const prepared = prepareLicence(item, 'input[0]', 'market-regulation', KEYS, '2026-06-15');
      return 'problems' in prepared ? prepared.problems.map((p) => p.field) : [];
    };
    expect(check({ decisionDate: '2026-02-30' })).toEqual(['input[0].decisionDate']);
    expect(check({ decisionDate: '2026-06-16', validFrom: '2026-06-16', validUntil: null })).toEqual(['input[0].decisionDate']);
    expect(check({ validFrom: '2026-13-01' })).toEqual(['input[0].validFrom']);
    expect(check({ decisionDate: '2026-06-01', validFrom: '2026-06-01', validUntil: '2026-05-31' })).toEqual(['input[0].validUntil']);
    expect(check({ decisionDate: '2026-06-01', validFrom: '2026-06-01', validUntil: '2026-06-01' })).toEqual([]);
    expect(check({ type: 'PERMANENT' })).toEqual(['input[0].type']);
    expect(check({ decisionNumber: ' ', content: '', certificateName: 'x'.repeat(201) })).toEqual([
      'input[0].decisionNumber',
      'input[0].certificateName',
      'input[0].content',
    ]);
  });
});

describe('reportLicences', () => {
  it('creates, recognises the same licence again as a DUPLICATE, corrects a changed one, and records a revocation', async () => {
    const first = foodLicence();
    const [created] = await report([first]);
    expect(created).toMatchObject({
      index: 0,
      decisionNumber: first.decisionNumber,
      outcome: 'CREATED',
      problems: [],
      licence: {
        subject: { id: first.subject.creditCode },
        type: 'GENERAL',
        status: 'VALID',
        version: 1,
        licensingUnit: { id: 'market-regulation' },
        validUntil: first.validUntil,
      },
    });
    const events = await seenEvents();
    const [again] = await report([first]);
    expect(again).toMatchObject({ outcome: 'DUPLICATE', licence: { id: created.licence.id, version: 1 } });
    expect(await seenEvents()).toBe(events);

    const [corrected] = await report([{ ...first, content: `${first.content}冷食类食品制售。` }]);
    expect(corrected).toMatchObject({
      outcome: 'CORRECTED',
      licence: { id: created.licence.id, version: 2, content: `${first.content}冷食类食品制售。` },
    });
    const [revoked] = await report([{ ...first, content: `${first.content}冷食类食品制售。`, revoked: true }]);
    expect(revoked).toMatchObject({ outcome: 'CORRECTED', licence: { id: created.licence.id, version: 3, status: 'REVOKED' } });
    const [expired] = await report([foodLicence({ decisionDate: '2019-03-01', validFrom: '2019-03-01', validUntil: '2024-02-29' })]);
    expect(expired.licence).toMatchObject({ status: 'EXPIRED', validUntil: '2024-02-29' });
    const [longTerm] = await report([foodLicence({ certificateName: '特种设备使用登记证', type: 'REGISTRATION', validUntil: null })]);
    expect(longTerm.licence).toMatchObject({ status: 'VALID', validUntil: null, type: 'REGISTRATION' });
  });

  it('answers each item for itself: a bad one names its field and blocks nothing', async () => {
    const results = await report([
      foodLicence({ decisionNumber: 'ITEM-1' }),
      foodLicence({ decisionNumber: 'ITEM-2', validFrom: addDays(today, -10), validUntil: addDays(today, -11) }),
      foodLicence({ decisionNumber: 'ITEM-3', subject: { creditCode: '91320585692138384B', name: '某公司' } }),
      foodLicence({ decisionNumber: 'ITEM-4', content: '热食类\u0000食品制售' }),
      foodLicence({ decisionNumber: 'ITEM-5', decisionDate: addDays(today, 1), validFrom: addDays(today, 1) }),
      foodLicence({
        decisionNumber: 'ITEM-6',
        subject: { creditCode: company(2).creditCode, idNumber: makeIdNumber('320585', '19800101', 11), name: '两者皆有' },
      }),
      foodLicence({ decisionNumber: 'ITEM-7' }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'CREATED']);
    expect(results[1].problems).toEqual([
      { field: 'input[1].validUntil', reason: `有效期至 ${addDays(today, -11)} 早于有效期自 ${addDays(today, -10)}` },
    ]);
    expect(results[2].problems).toEqual([
      { field: 'input[2].subject.creditCode', reason: expect.stringContaining('校验码应为“A”，收到“B”') },
    ]);
    expect(results[3].problems).toEqual([{ field: 'input[3].content', reason: '含有无法存储的字符（U+0000 空字符）' }]);
    expect(results[4].problems).toEqual([
      { field: 'input[4].decisionDate', reason: expect.stringContaining(`${addDays(today, 1)} 在今天`) },
    ]);
    expect(results[5].problems).toEqual([
      { field: 'input[5].subject', reason: '请只填写统一社会信用代码（creditCode）或身份证号码（idNumber）之一，不能同时填写' },
    ]);
    expect(await licenceRows('ITEM-')).toBe(2);
  });

  it('refuses an impossible date in the call itself (the Date scalar), storing nothing', async () => {
    const result = await records.run(
      REPORT,
      { input: [foodLicence({ decisionNumber: 'FEB-30', decisionDate: '2026-02-30', validFrom: '2026-02-30' })] },
      AS_PRINCIPAL.market,
    );
    expect(result.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toContain('2026-02-30');
    expect(await licenceRows('FEB-30')).toBe(0);
  });

  it('refuses 1,001 items with a clear answer, and callers who may not report', async () => {
    const tooMany = await records.run(
      REPORT,
      { input: Array.from({ length: 1001 }, (_, i) => foodLicence({ decisionNumber: `MANY-${i}` })) },
      AS_PRINCIPAL.market,
    );
    expect(tooMany.errors![0]).toMatchObject({
      message: 'input: 每次至多报送 1000 条，收到 1001 条：请分批报送',
      extensions: { code: 'BAD_USER_INPUT', field: 'input' },
    });
    expect(await licenceRows('MANY-')).toBe(0);
    for (const principal of [AS_PRINCIPAL.public, AS_PRINCIPAL.analyst, AS_PRINCIPAL.bank, asSubject(company(1).creditCode)]) {
      const refused = await records.run(REPORT, { input: [foodLicence()] }, principal);
      expect(refused.errors![0]).toMatchObject({ path: ['reportLicences'], extensions: { code: 'FORBIDDEN' } });
    }
  });

  it('stores a retried batch once: every item comes back DUPLICATE and no event is published twice', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => foodLicence({ decisionNumber: `RETRY-${i}`, subject: company(100 + i) }));
    const before = await seenEvents();
    const runs = await Promise.all([report(batch), report(batch.slice(5, 15))]);
    expect(runs.flat().filter((r) => r.outcome === 'CREATED')).toHaveLength(20);
    const again = await report(batch);
    expect(again.map((r) => r.outcome)).toEqual(Array(20).fill('DUPLICATE'));
    expect(await licenceRows('RETRY-')).toBe(20);
    expect(await seenEvents()).toBe(before + 20);
  });

  it('keeps concurrent batches apart by unit: the same decision numbers from two units, and a changed overlap, each stored once', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => foodLicence({ decisionNumber: `RACE-${i}`, subject: company(200 + i) }));
    // Market sends 0..29; market again sends 20..39 with other content; health sends the same numbers 0..39 as its own.
    const changed = batch.slice(20).map((item, i) => (i < 10 ? { ...item, content: `${item.content}（更正${i}）` } : item));
    const [first, second, health] = await Promise.all([report(batch.slice(0, 30)), report(changed), report(batch, AS_PRINCIPAL.health)]);
    expect(await licenceRows('RACE-')).toBe(80);
    expect(health.map((r) => r.outcome)).toEqual(Array(40).fill('CREATED'));
    expect(health.every((r) => r.licence.licensingUnit.id === 'health')).toBe(true);
    for (let i = 20; i < 30; i++) {
      const pair = [first[i], second[i - 20]];
      expect(pair.map((r) => r.outcome).sort()).toEqual(['CORRECTED', 'CREATED']);
      expect(pair[0].licence.id).toBe(pair[1].licence.id);
      expect(health[i].licence.id).not.toBe(pair[0].licence.id);
    }
    const stored = await records.rows<{ version: number; content: string }>(
      sql`select version, content from records.administrative_licences where decision_number = 'RACE-25' and reporting_unit_id = 'market-regulation'`,
    );
    const corrected = [first[25], second[5]].find((r) => r.outcome === 'CORRECTED');
    expect(stored).toEqual([{ version: 2, content: corrected.licence.content }]);
    // Sent again, each unit's batch finds its own rows, not the other unit's of the same number.
    expect((await report(batch.slice(30))).map((r) => r.outcome)).toEqual(Array(10).fill('DUPLICATE'));
    expect((await report(batch, AS_PRINCIPAL.health)).map((r) => r.outcome)).toEqual(Array(40).fill('DUPLICATE'));
    expect(await licenceRows('RACE-')).toBe(80);
  });

  it('opens the credit file of a subject first met in a licence as intake does: subject.seen, the ID number encrypted', async () => {
    const idNumber = makeIdNumber('320585', '19880808', 77);
    const [created] = await report(
      [
        foodLicence({
          decisionNumber: 'SEEN-1',
          subject: { idNumber, name: '孙八' },
          certificateName: '医师执业证书',
          content: '执业类别：临床',
        }),
      ],
      AS_PRINCIPAL.health,
    );
    expect(created.outcome).toBe('CREATED');
    const [event] = await records.rows<{ payload: any }>(
      sql`select payload from records.outbox where type = 'subject.seen' and subject_id = ${created.licence.subject.id}`,
    );
    expect(event!.payload).toMatchObject({
      subjectId: created.licence.subject.id,
      kind: 'NATURAL_PERSON',
      name: '孙八',
      idNumberMasked: `3205**********${idNumber.slice(-4)}`,
    });
    expect(event!.payload.idNumberEncrypted).toMatch(/^v1:/);
    expect(JSON.stringify(event)).not.toContain(idNumber);
  });
});

describe('who sees a licence', () => {
  it("shows an organisation's licences to anyone (双公示), newest decision first", async () => {
    const subject = company(300);
    await report([
      foodLicence({ subject, decisionNumber: 'ORG-OLD', decisionDate: '2020-05-06', validFrom: '2020-05-06', validUntil: '2025-05-05' }),
      foodLicence({ subject, decisionNumber: 'ORG-NEW' }),
    ]);
    for (const principal of [AS_PRINCIPAL.public, AS_PRINCIPAL.analyst, AS_PRINCIPAL.health]) {
      const result = await records.run(LICENCES_OF, { reps: [{ __typename: 'Subject', id: subject.creditCode }] }, principal);
      expect(result.data!._entities[0].administrativeLicences.map((l: any) => [l.decisionNumber, l.status])).toEqual([
        ['ORG-NEW', 'VALID'],
        ['ORG-OLD', 'EXPIRED'],
      ]);
    }
  });

  it("shows a person's only to the person, the licensing unit and the credit office, and notes each read in the audit trail", async () => {
    const person = { idNumber: makeIdNumber('320585', '19700304', 55), name: '周九' };
    const [created] = await report(
      [
        foodLicence({
          subject: person,
          decisionNumber: '太卫医许〔2026〕P1号',
          certificateName: '医师执业证书',
          content: '执业类别：临床；执业范围：内科专业',
        }),
      ],
      AS_PRINCIPAL.health,
    );
    const { id, subject } = created.licence;
    const reps = {
      reps: [
        { __typename: 'Subject', id: subject.id },
        { __typename: 'AdministrativeLicence', id },
      ],
    };
    const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Subject { administrativeLicences { id } } ... on AdministrativeLicence { id content } } }`;
    for (const principal of [asSubject(subject.id), AS_PRINCIPAL.health, AS_PRINCIPAL.office]) {
      const result = await records.run(ENTITIES, reps, principal);
      expect({ principal, entities: result.data!._entities }).toEqual({
        principal,
        entities: [{ administrativeLicences: [{ id }] }, { id, content: '执业类别：临床；执业范围：内科专业' }],
      });
    }
    for (const principal of [
      AS_PRINCIPAL.public,
      AS_PRINCIPAL.analyst,
      AS_PRINCIPAL.market,
      AS_PRINCIPAL.bank,
      asSubject(company(1).creditCode),
    ]) {
      const result = await records.run(ENTITIES, reps, principal);
      expect({ principal, entities: result.data!._entities }).toEqual({ principal, entities: [{ administrativeLicences: [] }, null] });
    }
    const trail = await records.rows<{ principal: string; action: string }>(
      sql`select principal, action from records.audit_log where data_class = 'PERSON_LICENCE' and ${subject.id} = any(subject_ids) order by seq`,
    );
    expect(trail).toEqual([
      { principal: 'MEMBER_UNIT:health', action: 'MUTATION' },
      { principal: `SUBJECT:${subject.id}`, action: 'READ' },
      { principal: 'MEMBER_UNIT:health', action: 'READ' },
      { principal: 'CREDIT_OFFICE:credit-office', action: 'READ' },
    ]);
  });
});

describe('through the gateway', () => {
  const ctx = useSeededSystem();
  const gql = gatewayClient(ctx);

  it("shows the seeded company's licences on its credit file, with the licensing unit's name", async () => {
    const body = await gql(
      `query($c: String!) { subjectByCode(code: $c) { administrativeLicences { decisionNumber certificateName certificateNumber type status validFrom validUntil licensingUnit { id name } } } }`,
      { c: ctx.demo.companyCode },
    );
    expect(body.errors).toBeUndefined();
    const licences = body.data.subjectByCode.administrativeLicences;
    expect(licences.length).toBeGreaterThan(0);
    expect(licences[0]).toMatchObject({
      certificateName: '医疗器械经营许可证',
      type: 'GENERAL',
      licensingUnit: { id: 'market-regulation', name: '市市场监督管理局' },
    });
    expect(licences.map((l: any) => l.validFrom)).toEqual([...licences.map((l: any) => l.validFrom)].sort().reverse());
  });

  it("reports a person's licence and keeps it from PUBLIC and other units on the Subject field", async () => {
    const idNumber = makeIdNumber('320585', '19650505', 99);
    const reported = await gql(
      `mutation($i: [LicenceReportInput!]!) { reportLicences(input: $i) { outcome licence { id subject { id } } } }`,
      {
        i: [
          {
            subject: { idNumber, name: '吴十' },
            decisionNumber: '太卫医许〔2026〕P2号',
            certificateName: '医师执业证书',
            type: 'RECOGNITION',
            content: '执业类别：临床；执业范围：外科专业',
            decisionDate: addDays(today, -3),
            validFrom: addDays(today, -3),
            validUntil: null,
          },
        ],
      },
      AS.health,
    );
    expect(reported.errors).toBeUndefined();
    const { subject } = reported.data.reportLicences[0].licence;
    await Promise.all(ctx.system.consumers.map((consumer) => consumer.pollOnce()));
    const QUERY = `query($id: ID!) { subject(id: $id) { id administrativeLicences { decisionNumber status licensingUnit { name } } } }`;
    const office = await gql(QUERY, { id: subject.id }, AS.creditOffice);
    expect(office.data.subject.administrativeLicences).toEqual([
      { decisionNumber: '太卫医许〔2026〕P2号', status: 'VALID', licensingUnit: { name: '市卫生健康委员会' } },
    ]);
    expect((await gql(QUERY, { id: subject.id }, AS.public)).data.subject).toBeNull();
    const market = await gql(QUERY, { id: subject.id }, AS.marketRegulation);
    expect(market.data.subject?.administrativeLicences ?? []).toEqual([]);
  });
});
