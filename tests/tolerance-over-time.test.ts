/**
 * 包容审慎 over weeks of platform time (issue 14, findings 1-3), through the gateway with a faked clock:
 * deferral as policy data the credit office sets, a DEFERRED record hidden and uncounted until its
 * deferredUntil and disclosed from that day; decisions that survive corrections which do not change what
 * they were decided on; certificates whose period must cover the act.
 *
 * The tests run in order on one platform: the emergency response is ended half way through.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;

const at = (day: string) => vi.setSystemTime(new Date(`${day}T10:00:00+08:00`));
// The platform starts on the real clock; the tests then move platform time (the records service reads it).
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-10-20');
});
afterAll(() => vi.useRealTimers());

const DEFER = 'N8-FORCE-MAJEURE-DEFER';
const SET = `mutation($p: ID!, $d: ToleranceDeferralInput!) { setToleranceDeferral(policyId: $p, deferral: $d) { id deferUntil deferral { until days months after description } } }`;
const RECORD = `record { id status deferredUntil disclosure { isPublicNow reason } toleranceDecision { outcome policyId deferredUntil claimedOn explanation } version }`;
const REPORT = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome recordId problems { field reason } ${RECORD} } }`;
const VIEW = `query($id: ID!) { creditRecord(id: $id) { id status deferredUntil version disclosure { isPublicNow reason } toleranceDecision { outcome deferredUntil claimedOn explanation } } }`;

/** Records decided in October 2026: none of them expires during these tests, whatever the demo data holds. */
const OCTOBER = 'decidedFrom: "2026-10-01", decidedTo: "2026-10-31"';
let serial = 0;
const company = () => makeCreditCode(`91320585TD${String(++serial).padStart(7, '0')}`);
const delay = (overrides: Record<string, unknown> = {}) => ({
  subject: { creditCode: company(), name: `太仓市暂缓测试${serial}号制造有限公司` },
  category: 'DELIVERY_DELAY',
  // GENERAL: a minor record is not published under 国家发展改革委令第36号, deferred or not.
  severity: 'GENERAL',
  decisionDate: '2026-10-10',
  facts: '受疫情影响，原材料断供，未能按期交付订单。',
  unitReference: `TOLERANCE-TIME-${serial}`,
  toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '停工通知及物流中断证明' },
  ...overrides,
});
const report = async (items: unknown[], headers: Record<string, string> = AS.creditOffice) => {
  const body = await gql(REPORT, { i: items }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.reportRecords as any[];
};
const view = async (id: string, headers: Record<string, string> = AS.creditOffice) => (await gql(VIEW, { id }, headers)).data.creditRecord;
const disclosed = async (category = 'DELIVERY_DELAY') =>
  (
    await gql(
      `query($c: [RecordCategory!]) { publicDisclosures(first: 100, filter: { categories: $c, ${OCTOBER} }) { edges { node { id status } } } }`,
      { c: [category] },
    )
  ).data.publicDisclosures.edges.map((e: any) => e.node);
const statusCounts = async (category = 'DELIVERY_DELAY') => {
  const body = await gql(
    `query($c: [RecordCategory!]) { recordStatistics(by: STATUS, filter: { categories: $c, ${OCTOBER} }) { key count } }`,
    { c: [category] },
    AS.creditOffice,
  );
  return Object.fromEntries(body.data.recordStatistics.map((b: any) => [b.key, b.count])) as Record<string, number>;
};
const withStatus = async (status: string, id: string) =>
  (
    await gql(
      `query($s: [RecordStatus!]) { creditRecords(first: 100, filter: { statuses: $s, categories: [DELIVERY_DELAY], ${OCTOBER} }) { edges { node { id } } } }`,
      { s: [status] },
      AS.creditOffice,
    )
  ).data.creditRecords.edges.some((e: any) => e.node.id === id);

afterEach(() => at('2026-10-20'));

describe('deferral (暂缓信息报送) as policy data the credit office sets', () => {
  it('is set by the credit office only, checked, and shown on the policy', async () => {
    at('2026-10-20');
    const policy = async () =>
      (await gql(`{ tolerancePolicies { id deferUntil deferral { until days months after description } } }`)).data.tolerancePolicies.find(
        (p: any) => p.id === DEFER,
      );
    // The seeded default: until three months after the end of the emergency response (no fixed 2020 date).
    expect(await policy()).toEqual({
      id: DEFER,
      deferUntil: null,
      deferral: { until: null, days: null, months: 3, after: 'EMERGENCY_END', description: '疫情应急响应结束后3个月' },
    });

    const byUnit = await gql(SET, { p: DEFER, d: { days: 30, after: 'ACT' } }, AS.marketRegulation);
    expect(byUnit.errors[0].extensions.code).toBe('FORBIDDEN');
    const both = await gql(SET, { p: DEFER, d: { until: '2026-12-31', days: 30, after: 'ACT' } }, AS.creditOffice);
    expect(both.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'deferral',
      reason: 'RECORDS_DEFERRAL_BOTH_FORMS',
    });
    expect(both.errors[0].message).toContain('只给出一种');
    const noStart = await gql(SET, { p: DEFER, d: { days: 30 } }, AS.creditOffice);
    expect(noStart.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deferral.after' });
    const negative = await gql(SET, { p: DEFER, d: { days: -1, after: 'ACT' } }, AS.creditOffice);
    expect(negative.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deferral.days' });
    const notDeferring = await gql(SET, { p: 'N9-FORCE-MAJEURE-EXEMPT', d: { days: 30, after: 'ACT' } }, AS.creditOffice);
    expect(notDeferring.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'policyId',
      reason: 'RECORDS_POLICY_NOT_DEFERRAL',
    });
    expect(notDeferring.errors[0].message).toContain('不是暂缓信息报送');
    expect((await gql(SET, { p: 'NO-SUCH-POLICY', d: { days: 30, after: 'ACT' } }, AS.creditOffice)).errors[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    // No refusal changed the policy.
    expect((await policy()).deferral).toMatchObject({ months: 3, after: 'EMERGENCY_END' });

    const set = await gql(SET, { p: DEFER, d: { days: 30, after: 'ACT' } }, AS.creditOffice);
    expect(set.data.setToleranceDeferral).toEqual({
      id: DEFER,
      deferUntil: null,
      deferral: { until: null, days: 30, months: null, after: 'ACT', description: '失信行为发生之日后30日' },
    });
  });

  it('keeps a deferred record from the public, other units and statistics until its deferredUntil, and discloses it from that day', async () => {
    at('2026-10-20');
    const before = await statusCounts();
    const [deferred] = await report([delay({ decisionDate: '2026-10-10' })]);
    expect(deferred).toMatchObject({
      outcome: 'CREATED',
      record: {
        status: 'DEFERRED',
        deferredUntil: '2026-11-09',
        toleranceDecision: { outcome: 'DEFER_REPORTING', deferredUntil: '2026-11-09', claimedOn: '2026-10-20' },
      },
    });
    expect(deferred.record.toleranceDecision.explanation).toContain('暂缓信息报送至2026-11-09');
    expect(deferred.record.disclosure.isPublicNow).toBe(false);
    const id = deferred.recordId;

    for (const day of ['2026-10-20', '2026-11-08']) {
      at(day);
      expect(await view(id)).toMatchObject({ status: 'DEFERRED', disclosure: { isPublicNow: false } });
      expect(await view(id, AS.public)).toBeNull();
      expect(await view(id, AS.health)).toBeNull();
      expect((await disclosed()).map((n: any) => n.id)).not.toContain(id);
      expect(await statusCounts()).toEqual(before);
      expect(await withStatus('DEFERRED', id)).toBe(true);
      expect(await withStatus('ACTIVE', id)).toBe(false);
    }

    at('2026-11-09');
    expect(await view(id)).toMatchObject({ status: 'ACTIVE', deferredUntil: '2026-11-09', disclosure: { isPublicNow: true } });
    expect(await view(id, AS.public)).toMatchObject({ id, status: 'ACTIVE', disclosure: { isPublicNow: true } });
    expect(await view(id, AS.health)).toMatchObject({ id, status: 'ACTIVE' });
    expect(await disclosed()).toContainEqual({ id, status: 'ACTIVE' });
    expect(await statusCounts()).toEqual({ ...before, ACTIVE: (before.ACTIVE ?? 0) + 1 });
    expect(await withStatus('ACTIVE', id)).toBe(true);
    expect(await withStatus('DEFERRED', id)).toBe(false);
  });

  it('counts a period after the claim from the day it was reported', async () => {
    at('2026-10-20');
    await gql(SET, { p: DEFER, d: { months: 1, after: 'CLAIM' } }, AS.creditOffice);
    const [deferred] = await report([delay({ decisionDate: '2026-10-01' })]);
    expect(deferred.record).toMatchObject({ status: 'DEFERRED', deferredUntil: '2026-11-20' });
    at('2026-11-19');
    expect(await view(deferred.recordId, AS.public)).toBeNull();
    at('2026-11-20');
    expect(await view(deferred.recordId, AS.public)).toMatchObject({ status: 'ACTIVE' });
  });

  it('a fixed date already past defers nothing: the record is disclosed at once, and says so consistently', async () => {
    at('2026-10-20');
    await gql(SET, { p: DEFER, d: { until: '2026-10-15' } }, AS.creditOffice);
    const [record] = await report([delay({ decisionDate: '2026-10-01' })]);
    expect(record.record).toMatchObject({ status: 'ACTIVE', deferredUntil: '2026-10-15', disclosure: { isPublicNow: true } });
  });
});

describe('force-majeure certificates must cover the act (不可抗力事实性证明)', () => {
  const ISSUE = `mutation($input: ForceMajeureCertificateInput!) { issueForceMajeureCertificate(input: $input) { number } }`;
  const claim = (number: string, decisionDate: string, unitReference = `FM-PERIOD-${++serial}`) => ({
    subject: { creditCode: ctx.demo.companyCode, name: ctx.demo.companyName },
    category: 'CONTRACT_DEFAULT',
    decisionDate,
    facts: '受疫情影响，未能按期交付出口订单。',
    unitReference,
    toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '不可抗力事实性证明书', forceMajeureCertificate: number },
  });

  it('refuses a certificate whose period does not hold the decision date, naming the field and why; one day inside is enough', async () => {
    at('2026-12-05');
    await pollAll();
    const issue = async (periodFrom: string, periodTo: string) =>
      (
        await gql(
          ISSUE,
          {
            input: { creditCode: ctx.demo.companyCode, contracts: ['TC-EXP-2026-101'], periodFrom, periodTo, facts: '受疫情影响港口停航' },
          },
          AS.creditOffice,
        )
      ).data.issueForceMajeureCertificate.number as string;
    const november = await issue('2026-11-01', '2026-11-30');
    const fromOct16 = await issue('2026-10-16', '2026-11-30');
    await pollAll();

    const mine = async () =>
      (
        await gql(
          `query($s: ID!) { creditRecords(first: 100, filter: { subjectId: $s, categories: [CONTRACT_DEFAULT] }) { edges { node { unitReference } } } }`,
          { s: ctx.demo.companyCode },
          AS.creditOffice,
        )
      ).data.creditRecords.edges.map((e: any) => e.node.unitReference);
    const [outside] = await report([claim(november, '2026-10-15', 'FM-OUTSIDE')]);
    expect(outside).toMatchObject({ outcome: 'REJECTED', recordId: null, record: null });
    expect(outside.problems).toEqual([
      {
        field: 'input[0].toleranceClaim.forceMajeureCertificate',
        reason: expect.stringMatching(/2026-11-01至2026-11-30.*不包含.*2026-10-15/),
      },
    ]);
    // A day short: the certificate starts the day after the act.
    const [dayShort] = await report([claim(fromOct16, '2026-10-15', 'FM-DAY-SHORT')]);
    expect(dayShort.outcome).toBe('REJECTED');
    const [afterEnd] = await report([claim(fromOct16, '2026-12-01', 'FM-AFTER-END')]);
    expect(afterEnd.outcome).toBe('REJECTED');
    expect(await mine()).not.toEqual(expect.arrayContaining(['FM-OUTSIDE']));
    expect((await mine()).filter((ref: string) => ['FM-OUTSIDE', 'FM-DAY-SHORT', 'FM-AFTER-END'].includes(ref))).toEqual([]);

    // Both ends of the period are inside it.
    const [first, last] = await report([claim(fromOct16, '2026-10-16', 'FM-FIRST-DAY'), claim(fromOct16, '2026-11-30', 'FM-LAST-DAY')]);
    expect([first.record.status, last.record.status]).toEqual(['EXEMPTED', 'EXEMPTED']);

    // A correction that cites a certificate not covering the act is refused, and the stored record stays as it was.
    const [moved] = await report([{ ...claim(november, '2026-10-16', 'FM-FIRST-DAY') }]);
    expect(moved.outcome).toBe('REJECTED');
    expect(await view(first.recordId)).toMatchObject({ status: 'EXEMPTED', version: 1 });
  });
});

describe('tolerance decisions that outlive the emergency (corrections)', () => {
  const exemptable = (overrides: Record<string, unknown> = {}) => ({
    ...delay(),
    category: 'CONTRACT_DEFAULT',
    decisionDate: '2026-10-15',
    facts: '受疫情影响，未能按期履行供货合同。',
    ...overrides,
  });
  const ids: Record<string, { item: any; id: string }> = {};

  it('decides claims during the emergency; a deferral waiting for its end has no date yet and stays hidden', async () => {
    at('2026-10-20');
    await gql(SET, { p: DEFER, d: { days: 30, after: 'ACT' } }, AS.creditOffice);
    const items = {
      same: exemptable(),
      actMoved: exemptable(),
      actOut: exemptable(),
      evidence: exemptable(),
      deferred: delay({ decisionDate: '2026-10-12' }),
    };
    const results = await report(Object.values(items));
    Object.keys(items).forEach((key, i) => (ids[key] = { item: (items as any)[key], id: results[i].recordId }));
    expect(results.map((r) => r.record.status)).toEqual(['EXEMPTED', 'EXEMPTED', 'EXEMPTED', 'EXEMPTED', 'DEFERRED']);
    expect(results[4].record.deferredUntil).toBe('2026-11-11');

    // From now on the policy defers until ten days after the end of the emergency, which has not ended.
    at('2026-10-25');
    await gql(SET, { p: DEFER, d: { days: 10, after: 'EMERGENCY_END' } }, AS.creditOffice);
    const [waiting] = await report([delay({ decisionDate: '2026-10-22' })]);
    ids.waiting = { item: null, id: waiting.recordId };
    expect(waiting.record).toMatchObject({
      status: 'DEFERRED',
      deferredUntil: null,
      toleranceDecision: { outcome: 'DEFER_REPORTING', deferredUntil: null },
    });
    expect(waiting.record.toleranceDecision.explanation).toContain('疫情应急响应尚未结束');
    at('2027-06-30');
    expect(await view(waiting.recordId)).toMatchObject({ status: 'DEFERRED', disclosure: { isPublicNow: false } });
    expect(await view(waiting.recordId, AS.public)).toBeNull();
  });

  it('dates the waiting deferrals when the credit office ends the emergency, and discloses them from then on', async () => {
    at('2026-11-02');
    const ended = await gql(`mutation { endEmergencyResponse(on: "2026-10-31") { endedOn } }`, {}, AS.creditOffice);
    expect(ended.data.endEmergencyResponse).toEqual({ endedOn: '2026-10-31' });
    expect(await view(ids.waiting!.id)).toMatchObject({
      status: 'DEFERRED',
      deferredUntil: '2026-11-10',
      toleranceDecision: { deferredUntil: '2026-11-10' },
    });
    expect((await view(ids.waiting!.id)).toleranceDecision.explanation).toContain('暂缓信息报送至2026-11-10');
    // The deferral decided earlier under ACT + 30 days is not moved by the policy's change.
    expect(await view(ids.deferred!.id)).toMatchObject({ deferredUntil: '2026-11-11' });
    at('2026-11-09');
    expect(await view(ids.waiting!.id, AS.public)).toBeNull();
    at('2026-11-10');
    expect(await view(ids.waiting!.id, AS.public)).toMatchObject({ status: 'ACTIVE', disclosure: { isPublicNow: true } });
  });

  it('keeps the decision when a correction after the end changes nothing it was decided on', async () => {
    at('2026-11-05');
    const [same, deferred] = await report([
      { ...ids.same!.item, facts: `${ids.same!.item.facts}（更正：补充合同编号HT-2026-88）` },
      { ...ids.deferred!.item, facts: `${ids.deferred!.item.facts}（更正：补充订单编号）` },
    ]);
    expect(same).toMatchObject({
      outcome: 'CORRECTED',
      record: { status: 'EXEMPTED', version: 2, toleranceDecision: { outcome: 'EXEMPT', claimedOn: '2026-10-20' } },
    });
    expect(await view(same.recordId, AS.public)).toBeNull();
    expect(deferred).toMatchObject({
      outcome: 'CORRECTED',
      record: { status: 'DEFERRED', deferredUntil: '2026-11-11', toleranceDecision: { deferredUntil: '2026-11-11' } },
    });
    at('2026-11-11');
    expect(await view(deferred.recordId, AS.public)).toMatchObject({ status: 'ACTIVE' });
  });

  it('decides afresh, as of the original claim, a correction that changes the act date or the evidence; an act moved past the end is an ordinary record', async () => {
    at('2026-11-05');
    const [actMoved, evidence, actOut] = await report([
      { ...ids.actMoved!.item, decisionDate: '2026-10-16' },
      { ...ids.evidence!.item, toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '停工通知、物流中断证明及海关证明' } },
      { ...ids.actOut!.item, decisionDate: '2026-11-03' },
    ]);
    // Claimed on 2026-10-20, inside the emergency: still exempt, though a claim made today would not be.
    expect(actMoved.record).toMatchObject({ status: 'EXEMPTED', toleranceDecision: { outcome: 'EXEMPT', claimedOn: '2026-10-20' } });
    expect(evidence.record).toMatchObject({ status: 'EXEMPTED', toleranceDecision: { outcome: 'EXEMPT', claimedOn: '2026-10-20' } });
    expect(actOut).toMatchObject({
      outcome: 'CORRECTED',
      record: { status: 'ACTIVE', toleranceDecision: { outcome: 'NONE' }, disclosure: { isPublicNow: true } },
    });
    expect(actOut.record.toleranceDecision.explanation).toContain('2026-10-31失效');
    expect(await view(actOut.recordId, AS.public)).toMatchObject({ status: 'ACTIVE' });

    // The same claim made fresh today is an ordinary record: the correction above did not just use today.
    const [fresh] = await report([exemptable({ decisionDate: '2026-10-16' })]);
    expect(fresh.record).toMatchObject({ status: 'ACTIVE', toleranceDecision: { outcome: 'NONE' } });
  });
});
