/**
 * Issue 14, point 3: 公示期满 and the end of a deferral reach the other subgraphs. Records reads both from the
 * date; its housekeeping sweep publishes `record.changed` with the shown status (EXPIRED, ACTIVE after a
 * deferral) once per record and write, so repairs refuses to repair an expired record and takes a record out
 * of its deferral as ACTIVE, and incentives counts it. Driven through the gateway across the dates with a
 * faked clock; the tests run in order on one platform.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { setClock } from './support/clock.js';
import { withPenalty } from './support/penalty.js';
import { AS, gatewayClient, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const gql = gatewayClient(ctx);
afterAll(() => vi.useRealTimers());

const drain = ctx.settle;
const sweep = () => ctx.system.subgraphs.records.housekeeping!() as Promise<number>;

const REPORT = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome recordId problems { field reason } record { id status version deferredUntil disclosure { publicUntil } } } }`;
async function report(input: Record<string, unknown>, unit: Record<string, string>, outcome = 'CREATED') {
  const body = await gql(REPORT, { i: [withPenalty(input)] }, unit);
  expect(body.errors).toBeUndefined();
  const [result] = body.data.reportRecords;
  expect({ outcome: result.outcome, problems: result.problems }).toEqual({ outcome, problems: [] });
  return result.record as {
    id: string;
    status: string;
    version: number;
    deferredUntil: string | null;
    disclosure: { publicUntil: string | null };
  };
}
const status = async (id: string) =>
  (await gql(`query($id: ID!) { creditRecord(id: $id) { status } }`, { id }, AS.creditOffice)).data.creditRecord.status;

const APPLY = `mutation($id: ID!) { applyForRepair(input: { recordId: $id, correctionProof: "已整改并履行处罚决定", obligationsMet: true, commitmentSigned: true }) { application { id state } } }`;
const asSubject = async (creditCode: string) => ({
  authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: creditCode })}`,
});
const apply = async (id: string, creditCode: string) => gql(APPLY, { id }, await asSubject(creditCode));
const supervision = async (creditCode: string) =>
  (await gql(`query($id: ID!) { subject(id: $id) { supervision { level } } }`, { id: creditCode }, AS.creditOffice)).data.subject
    .supervision.level;
const points = async (idNumber: string) =>
  (
    await gql(
      `query($n: String!) { subjectByIdNumber(idNumber: $n) { creditPoints { balance history { kind } } } }`,
      { n: idNumber },
      AS.creditOffice,
    )
  ).data.subjectByIdNumber.creditPoints;

/** Records' log, as the consumers read it: the status of each record.changed published for `id`, oldest first. */
const changes = async (id: string) =>
  (
    await queryRows<{ status: string; version: number }>(
      ctx.system.db.records.execute(
        sql`select payload->>'status' as status, (payload->>'version')::int as version from records.outbox where type = 'record.changed' and payload->>'id' = ${id} order by id`,
      ),
    )
  ).map((row) => `${row.status}@${row.version}`);
const outboxSize = async () =>
  Number((await queryRows<{ n: string }>(ctx.system.db.records.execute(sql`select count(*) as n from records.outbox`)))[0]!.n);

// Reported on 2026-09-15; display of the expiring ones ends on 2026-09-30, the deferral on 2026-10-12.
const expiringCode = makeCreditCode('91320585RW0000001');
const freshCode = makeCreditCode('91320585RW0000002');
const deferredCode = makeCreditCode('91320585RW0000003');
const personId = makeIdNumber('320585', '19850312', 217);
const expiringInput = {
  subject: { creditCode: expiringCode, name: '太仓市期满公告测试有限公司' },
  category: 'PRICE_NOT_MARKED',
  severity: 'GENERAL',
  decisionDate: '2025-10-01',
  facts: '销售商品未明码标价',
  unitReference: 'SWEEP-EXPIRING',
};
const ids = { expiring: '', fresh: '', deferred: '', person: '' };

describe('records’ sweep: what the date changes reaches the other subgraphs', () => {
  it('announces nothing while every record reads as stored', async () => {
    setClock('2026-09-15');
    // Deferral to a fixed day after the minimum period, so the record can be repaired once disclosed.
    const set = await gql(
      `mutation { setToleranceDeferral(policyId: "N8-FORCE-MAJEURE-DEFER", deferral: { until: "2026-10-12" }) { id } }`,
      {},
      AS.creditOffice,
    );
    expect(set.errors).toBeUndefined();

    const expiring = await report(expiringInput, AS.marketRegulation);
    expect(expiring.disclosure.publicUntil).toBe('2026-09-30');
    const fresh = await report(
      {
        subject: { creditCode: freshCode, name: '太仓市未满公告测试有限公司' },
        category: 'PRICE_NOT_MARKED',
        severity: 'GENERAL',
        decisionDate: '2026-05-06',
        facts: '销售商品未明码标价',
        unitReference: 'SWEEP-FRESH',
      },
      AS.marketRegulation,
    );
    expect(fresh.disclosure.publicUntil).toBe('2027-05-05');
    const deferred = await report(
      {
        subject: { creditCode: deferredCode, name: '太仓市暂缓公告测试制造有限公司' },
        category: 'DELIVERY_DELAY',
        severity: 'GENERAL',
        decisionDate: '2026-06-10',
        facts: '受疫情影响，原材料断供，未能按期交付订单。',
        unitReference: 'SWEEP-DEFERRED',
        toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '停工通知及物流中断证明' },
      },
      AS.creditOffice,
    );
    expect(deferred).toMatchObject({ status: 'DEFERRED', deferredUntil: '2026-10-12' });
    const person = await report(
      {
        subject: { idNumber: personId, name: '期满公告测' },
        category: 'CONCEALING_ILLNESS',
        severity: 'GENERAL',
        decisionDate: '2025-10-01',
        facts: '隐瞒旅居史',
        unitReference: 'SWEEP-PERSON',
      },
      AS.health,
    );
    Object.assign(ids, { expiring: expiring.id, fresh: fresh.id, deferred: deferred.id, person: person.id });
    await drain();

    const before = await outboxSize();
    expect(await sweep()).toBe(0);
    expect(await outboxSize()).toBe(before);
    // Repairs knows the deferral and refuses it as before; incentives does not count it.
    expect((await apply(ids.deferred, deferredCode)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'REPAIRS_RECORD_NOT_ACTIVE',
    });
    expect(await supervision(deferredCode)).toBe('B');
    expect(await points(personId)).toEqual({ balance: -30, history: [{ kind: 'DEDUCTION' }] });
  });

  it('announces a record EXPIRED the day after its display ends, and repairs then refuses to repair it with CONFLICT', async () => {
    setClock('2026-09-30', '23:30:00'); // the last day of display: nothing to announce yet
    expect(await sweep()).toBe(0);
    expect(await changes(ids.expiring)).toEqual([]);

    setClock('2026-10-08');
    expect(await status(ids.expiring)).toBe('EXPIRED');
    expect(await sweep()).toBe(2); // the organisation's record and the person's, never published, whose period ended the same day
    await drain();
    expect(await changes(ids.expiring)).toEqual(['EXPIRED@1']);
    expect(await changes(ids.person)).toEqual(['EXPIRED@1']);

    const refused = await apply(ids.expiring, expiringCode);
    expect(refused.data?.applyForRepair ?? null).toBeNull();
    expect(refused.errors[0].message).toContain('公示期已届满');
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'REPAIRS_RECORD_EXPIRED',
      blockedBy: { recordId: ids.expiring },
    });
    // Incentives reads EXPIRED as a record whose effect has ended: the person's deduction is not reversed.
    expect(await points(personId)).toEqual({ balance: -30, history: [{ kind: 'DEDUCTION' }] });
    expect(await supervision(expiringCode)).toBe('B');
  });

  it('leaves untouched a record not yet expired and one still deferred', async () => {
    setClock('2026-10-08');
    expect(await changes(ids.fresh)).toEqual([]);
    expect(await changes(ids.deferred)).toEqual([]);
    expect(await status(ids.fresh)).toBe('ACTIVE');
    expect(await status(ids.deferred)).toBe('DEFERRED');
    const filed = await apply(ids.fresh, freshCode);
    expect(filed.errors).toBeUndefined();
    expect(filed.data.applyForRepair.application.state).toBe('SUBMITTED');
  });

  it('publishes nothing the second time, and again only for a record written since its announcement', async () => {
    setClock('2026-10-08', '11:00:00');
    const before = await outboxSize();
    expect(await sweep()).toBe(0);
    expect(await sweep()).toBe(0);
    expect(await outboxSize()).toBe(before);

    // The unit corrects the expired record: intake's own event says ACTIVE (the stored status, version 2)...
    const corrected = await report({ ...expiringInput, facts: '销售商品未明码标价，且拒不改正' }, AS.marketRegulation, 'CORRECTED');
    expect(corrected).toMatchObject({ status: 'EXPIRED', version: 2 });
    await drain();
    expect(await changes(ids.expiring)).toEqual(['EXPIRED@1', 'ACTIVE@2']);
    // ...so the next sweep announces it again, once.
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    await drain();
    expect(await changes(ids.expiring)).toEqual(['EXPIRED@1', 'ACTIVE@2', 'EXPIRED@2']);
    expect((await apply(ids.expiring, expiringCode)).errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'REPAIRS_RECORD_EXPIRED',
    });
  });

  it('announces a deferred record ACTIVE from its deferredUntil: repairs takes an application, incentives counts it', async () => {
    setClock('2026-10-12');
    expect(await status(ids.deferred)).toBe('ACTIVE');
    // Before the sweep the other subgraphs still hold it deferred.
    expect((await apply(ids.deferred, deferredCode)).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'REPAIRS_RECORD_NOT_ACTIVE',
    });
    expect(await supervision(deferredCode)).toBe('B');

    expect(await sweep()).toBe(1);
    await drain();
    expect(await changes(ids.deferred)).toEqual(['ACTIVE@1']);
    expect(await supervision(deferredCode)).toBe('C');
    const filed = await apply(ids.deferred, deferredCode);
    expect(filed.errors).toBeUndefined();
    expect(filed.data.applyForRepair.application.state).toBe('SUBMITTED');

    const before = await outboxSize();
    expect(await sweep()).toBe(0);
    expect(await outboxSize()).toBe(before);
    expect(await changes(ids.fresh)).toEqual([]);
  });
});
