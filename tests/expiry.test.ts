/**
 * Issue 14, finding 7: 公示期满. Once a record's period has ended (publicUntil, or the rule's maximum for a
 * record never published) it reads EXPIRED from the next day, the same everywhere: `status`, status filters,
 * statistics, disclosure, what member units see; and its consequences end with the reason (the joint-
 * punishment membership, the supervision level). Driven across the dates with a faked clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { finePenalty } from './support/penalty.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
const at = (isoChinaTime: string) => vi.setSystemTime(new Date(`${isoChinaTime}+08:00`));
afterEach(() => vi.useRealTimers());

const REPORT = `mutation($i: RecordReportInput!) { reportRecord(input: $i) { record { id status disclosure { publicUntil } } problems { field reason } } }`;
async function report(unit: Record<string, string>, input: Record<string, unknown>) {
  const body = await gql(REPORT, { i: { decisionDate: '2026-05-06', ...input } }, unit);
  expect(body.data.reportRecord.problems).toEqual([]);
  return body.data.reportRecord.record as { id: string; status: string; disclosure: { publicUntil: string | null } };
}
const RECORD = `query($id: ID!) { creditRecord(id: $id) { status disclosure { isPublicNow reason } } }`;
const view = async (id: string, as: Record<string, string> = AS.creditOffice) => (await gql(RECORD, { id }, as)).data.creditRecord;
const byStatus = async (subjectId: string, statuses: string[]) =>
  (
    await gql(
      `query($f: RecordFilter) { creditRecords(first: 100, filter: $f) { edges { node { id } } } }`,
      { f: { subjectId, statuses } },
      AS.creditOffice,
    )
  ).data.creditRecords.edges.map((e: any) => e.node.id);
const statistics = async (subjectId: string) =>
  Object.fromEntries(
    (
      await gql(`query($f: RecordFilter) { recordStatistics(by: STATUS, filter: $f) { key count } }`, { f: { subjectId } }, AS.creditOffice)
    ).data.recordStatistics.map((b: any) => [b.key, b.count]),
  );
const disclosed = async () =>
  (await gql(`{ publicDisclosures(first: 100) { edges { node { id } } } }`)).data.publicDisclosures.edges.map((e: any) => e.node.id);
const SUBJECT = `query($id: ID!) { subject(id: $id) { supervision { level } listMemberships { list active until endReason } } }`;
const consequences = async (id: string) => (await gql(SUBJECT, { id }, AS.creditOffice)).data.subject;

describe('公示期满: EXPIRED when the period ends', () => {
  it('turns an organisation’s general record EXPIRED the day after its display ends, in status, filters, statistics and disclosure', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-06-01T10:00:00');
    const creditCode = makeCreditCode('91320585EX0000001');
    const subject = { creditCode, name: '公示期满测试有限公司' };
    const record = await report(AS.marketRegulation, {
      subject,
      category: 'PRICE_NOT_MARKED',
      severity: 'GENERAL',
      facts: '未明码标价',
      unitReference: 'EXP-1',
      penalty: finePenalty('0.2'),
    });
    expect(record).toMatchObject({ status: 'ACTIVE', disclosure: { publicUntil: '2027-05-05' } });
    await pollAll();

    at('2027-05-05T23:59:00'); // its last day of display
    expect(await view(record.id)).toMatchObject({ status: 'ACTIVE', disclosure: { isPublicNow: true } });
    expect(await byStatus(creditCode, ['ACTIVE'])).toEqual([record.id]);
    expect(await statistics(creditCode)).toEqual({ ACTIVE: 1 });
    expect(await disclosed()).toContain(record.id);

    at('2027-05-06T00:01:00'); // the day after
    expect(await view(record.id)).toMatchObject({
      status: 'EXPIRED',
      disclosure: { isPublicNow: false, reason: '公示期已于2027-05-05届满，已停止公示' },
    });
    expect(await byStatus(creditCode, ['ACTIVE'])).toEqual([]);
    expect(await byStatus(creditCode, ['EXPIRED'])).toEqual([record.id]);
    expect(await statistics(creditCode)).toEqual({ EXPIRED: 1 });
    expect(await disclosed()).not.toContain(record.id);
    // Still shared with member units (EXPIRED is a shared status); no longer shown to the public.
    expect(await view(record.id, AS.health)).toMatchObject({ status: 'EXPIRED' });
    expect(await view(record.id, AS.public)).toBeNull();
  });

  it('turns a natural person’s record EXPIRED at the end of the rule’s maximum period, though it was never published', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-06-01T10:00:00');
    const idNumber = makeIdNumber('320585', '19790823', 415);
    const record = await report(AS.health, {
      subject: { idNumber, name: '期满测' },
      category: 'CONCEALING_ILLNESS',
      severity: 'GENERAL',
      facts: '隐瞒旅居史',
      unitReference: 'EXP-2',
    });
    expect(record.disclosure.publicUntil).toBeNull();
    at('2027-05-05T12:00:00');
    expect((await view(record.id)).status).toBe('ACTIVE');
    at('2027-05-06T12:00:00');
    expect((await view(record.id)).status).toBe('EXPIRED');
    expect((await view(record.id, AS.health)).status).toBe('EXPIRED');
  });

  it('ends the joint punishment of an expired serious record with the reason, and the level follows', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-06-01T10:00:00');
    const creditCode = makeCreditCode('91320585EX0000003');
    const subject = { creditCode, name: '惩戒期满测试有限公司' };
    const record = await report(AS.marketRegulation, {
      subject,
      category: 'PRICE_GOUGING',
      severity: 'SERIOUS',
      facts: '哄抬口罩价格',
      unitReference: 'EXP-3',
      penalty: finePenalty(),
    });
    expect(record.disclosure.publicUntil).toBe('2029-05-05');
    await pollAll();
    expect(await consequences(creditCode)).toEqual({
      supervision: { level: 'D' },
      listMemberships: [{ list: 'JOINT_PUNISHMENT', active: true, until: '2029-05-05', endReason: null }],
    });

    at('2029-05-05T20:00:00');
    await ctx.system.subgraphs.incentives.housekeeping!();
    expect((await view(record.id)).status).toBe('ACTIVE');
    expect((await consequences(creditCode)).supervision.level).toBe('D');

    at('2029-05-06T08:00:00');
    expect((await view(record.id)).status).toBe('EXPIRED');
    // Derived when read: the level is B from the first minute, the membership inactive by its date...
    expect(await consequences(creditCode)).toMatchObject({ supervision: { level: 'B' }, listMemberships: [{ active: false }] });
    // ...and the hourly sweep ends it with the reason, as a repair does (twice changes nothing).
    await ctx.system.subgraphs.incentives.housekeeping!();
    await ctx.system.subgraphs.incentives.housekeeping!();
    expect(await consequences(creditCode)).toEqual({
      supervision: { level: 'B' },
      listMemberships: [{ list: 'JOINT_PUNISHMENT', active: false, until: '2029-05-05', endReason: '失信信息公示期满，移出名单' }],
    });
    expect(
      (await gql(`{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id } } } } }`)).data.listMembers.edges.map(
        (e: any) => e.node.subject.id,
      ),
    ).not.toContain(creditCode);
  });
});
