/**
 * Corrections that move (issue 12, item 4): a re-sent document number that changes the record's subject,
 * category, kind or severity re-derives the consequences of the old and the new subject in every consumer —
 * incentives' lists, supervision levels and Loucheng points, repairs' projection and open cases, records'
 * statistics — and a replayed log changes nothing.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { DEFAULT_POINTS_RULES, MOVED_AWAY_REVERSAL, planMovedAway, planPoints } from '../subgraphs/incentives/points.js';
import { liftReason, MOVED_AWAY_REASON, type RecordFact } from '../subgraphs/incentives/rules.js';
import { KNOWN_DAY, pinClock } from './support/clock.js';
import { withPenalty } from './support/penalty.js';
import { AS, gatewayClient, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
// The day the repairs cases below run on (support/clock.ts): their working-day deadlines stay in a known calendar year.
const today = KNOWN_DAY;

const company = (n: number) => ({ creditCode: makeCreditCode(`91320585CM${String(n).padStart(7, '0')}`), name: `更正测试${n}号有限公司` });
const person = (n: number) => ({ idNumber: makeIdNumber('320585', '19800101', 500 + n), name: `更正测试人${n}` });

const REPORT = `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome problems { field reason } record { id version subject { id } } } }`;
/** Reports (or, with the same unitReference, corrects) one record, a penalty with a fine; fails the test on anything unexpected. */
async function send(unit: Record<string, string>, input: Record<string, unknown>, outcome: 'CREATED' | 'CORRECTED'): Promise<string> {
  const body = await gql(
    REPORT,
    { i: withPenalty({ decisionDate: '2026-05-06', facts: `更正测试 ${input.unitReference}`, ...input }) },
    unit,
  );
  expect(body.errors).toBeUndefined();
  expect({ outcome: body.data.reportRecord.outcome, problems: body.data.reportRecord.problems }).toEqual({ outcome, problems: [] });
  return body.data.reportRecord.record.id as string;
}

const STATE = `query($id: ID!) { subject(id: $id) {
  listMemberships { id list active reason endReason causedBy { id } }
  supervision { level }
  creditPoints { balance history { delta kind reason record { id } } }
} }`;
const state = async (id: string) => (await gql(STATE, { id }, AS.creditOffice)).data.subject;
const personId = async (idNumber: string): Promise<string> =>
  (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data.subjectByIdNumber.id;
const asSubject = async (subjectId: string) => ({
  authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: subjectId })}`,
});
const membershipsOf = (subject: any, list: string) => subject.listMemberships.filter((m: any) => m.list === list);

const MOVED = '记录已更正（主体变更），移出名单';

describe('the rules a moving correction reads', () => {
  const fact = (overrides: Partial<RecordFact> = {}): RecordFact => ({
    recordId: '00000000-0000-4000-8000-000000000001',
    subjectId: 'P-new',
    subjectIsPerson: true,
    category: 'PRICE_GOUGING',
    categoryLabel: '哄抬物价',
    kind: 'ADMINISTRATIVE_PENALTY',
    severity: 'SERIOUS',
    status: 'ACTIVE',
    decisionDate: '2026-05-06',
    effectUntil: '2029-05-05',
    ...overrides,
  });
  const booked = { sum: -100, basis: 'NEGATIVE_SERIOUS' };

  it('ends the old holder’s membership as moved, and the new holder’s by what the correction changed', () => {
    expect(MOVED_AWAY_REASON).toBe(MOVED);
    expect(liftReason('JOINT_PUNISHMENT', fact(), 'P-old')).toBe(MOVED);
    expect(liftReason('JOINT_PUNISHMENT', fact({ severity: 'GENERAL' }), 'P-new')).toBe('记录经更正后不再符合列入条件，移出名单');
    expect(liftReason('JOINT_PUNISHMENT', fact({ status: 'REPAIRED' }))).toBe('信用修复完成，移出名单');
  });

  it('reverses what the old person holds once, and a record no longer priced once', () => {
    expect(planMovedAway(fact(), 'P-old', booked)).toEqual({
      subjectId: 'P-old',
      recordId: fact().recordId,
      delta: 100,
      basis: 'NEGATIVE_SERIOUS',
      entryKind: 'REVERSAL',
      reason: MOVED_AWAY_REVERSAL,
    });
    expect(planMovedAway(fact(), 'P-old', { sum: 0, basis: 'NEGATIVE_SERIOUS' })).toBeNull();
    expect(planMovedAway(fact(), 'P-new', booked)).toBeNull();
    expect(planPoints(fact(), { sum: 0, basis: null }, DEFAULT_POINTS_RULES)).toMatchObject({
      subjectId: 'P-new',
      delta: -100,
      entryKind: 'DEDUCTION',
    });
    const commitment = fact({ category: 'REPAIR_COMMITMENT', kind: 'COMMITMENT', severity: null });
    expect(planPoints(commitment, booked, DEFAULT_POINTS_RULES)).toMatchObject({
      delta: 100,
      entryKind: 'REVERSAL',
      basis: 'NEGATIVE_SERIOUS',
    });
    expect(planPoints(commitment, { sum: 0, basis: 'NEGATIVE_SERIOUS' }, DEFAULT_POINTS_RULES)).toBeNull();
  });
});

describe('a correction that changes the subject', () => {
  it('moves joint punishment from company X to company Y: X leaves with a reason and is no longer D, Y enters at D', async () => {
    const [x, y] = [company(1), company(2)];
    const input = { category: 'PRICE_GOUGING', severity: 'SERIOUS', unitReference: 'MOVE-ORG-1' };
    const recordId = await send(AS.marketRegulation, { ...input, subject: x }, 'CREATED');
    await pollAll();
    expect(membershipsOf(await state(x.creditCode), 'JOINT_PUNISHMENT')).toEqual([
      expect.objectContaining({ active: true, causedBy: [{ id: recordId }] }),
    ]);
    expect((await state(x.creditCode)).supervision.level).toBe('D');

    expect(await send(AS.marketRegulation, { ...input, subject: y }, 'CORRECTED')).toBe(recordId);
    await pollAll();
    const before = await state(x.creditCode);
    expect(membershipsOf(before, 'JOINT_PUNISHMENT')).toEqual([expect.objectContaining({ active: false, endReason: MOVED })]);
    expect(before.supervision.level).toBe('B');
    const after = await state(y.creditCode);
    expect(membershipsOf(after, 'JOINT_PUNISHMENT')).toEqual([expect.objectContaining({ active: true, causedBy: [{ id: recordId }] })]);
    expect(after.supervision.level).toBe('D');

    // The public list names Y, not X; a bank's measures follow too.
    const members = (
      await gql(`{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id } } } } }`)
    ).data.listMembers.edges.map((e: any) => e.node.subject.id);
    expect(members).toContain(y.creditCode);
    expect(members).not.toContain(x.creditCode);
    const MEASURES = `query($s: ID!) { measuresFor(subject: $s, unit: "market-regulation") { measure { code } } }`;
    expect((await gql(MEASURES, { s: x.creditCode }, AS.creditOffice)).data.measuresFor).toEqual([]);
    expect((await gql(MEASURES, { s: y.creditCode }, AS.creditOffice)).data.measuresFor.length).toBeGreaterThan(0);
  });

  it("reverses the old person's points and books the new person's, persons only, through the ledger's own kinds", async () => {
    const [p1, p2] = [person(1), person(2)];
    const z = company(3);
    const input = { category: 'PRICE_GOUGING', severity: 'SERIOUS', unitReference: 'MOVE-PERSON-1' };
    const recordId = await send(AS.marketRegulation, { ...input, subject: p1 }, 'CREATED');
    await pollAll();
    const first = await personId(p1.idNumber);
    expect((await state(first)).creditPoints).toMatchObject({ balance: -100, history: [{ delta: -100, kind: 'DEDUCTION' }] });

    await send(AS.marketRegulation, { ...input, subject: p2 }, 'CORRECTED');
    await pollAll();
    const other = await personId(p2.idNumber);
    const old = await state(first);
    expect(old.creditPoints.balance).toBe(0);
    expect(old.creditPoints.history.map((h: any) => [h.delta, h.kind, h.record.id])).toEqual([
      [100, 'REVERSAL', recordId],
      [-100, 'DEDUCTION', recordId],
    ]);
    expect(old.creditPoints.history[0].reason).toBe('冲正：记录已更正，主体变更');
    expect(membershipsOf(old, 'JOINT_PUNISHMENT')).toEqual([expect.objectContaining({ active: false, endReason: MOVED })]);
    expect(old.supervision.level).toBe('B');
    const moved = await state(other);
    expect(moved.creditPoints).toMatchObject({ balance: -100, history: [{ delta: -100, kind: 'DEDUCTION', record: { id: recordId } }] });
    expect(moved.supervision.level).toBe('D');

    // To an organisation: the person's points are reversed and the organisation books none.
    await send(AS.marketRegulation, { ...input, subject: z }, 'CORRECTED');
    await pollAll();
    expect((await state(other)).creditPoints.balance).toBe(0);
    expect((await state(other)).creditPoints.history.map((h: any) => h.kind)).toEqual(['REVERSAL', 'DEDUCTION']);
    expect((await state(z.creditCode)).creditPoints).toBeNull();
    expect((await state(z.creditCode)).supervision.level).toBe('D');
    // And back to the first person: booked again, once.
    await send(AS.marketRegulation, { ...input, subject: p1 }, 'CORRECTED');
    await pollAll();
    expect((await state(first)).creditPoints.balance).toBe(-100);
    expect((await state(first)).creditPoints.history.map((h: any) => h.kind)).toEqual(['DEDUCTION', 'REVERSAL', 'DEDUCTION']);
    expect(membershipsOf(await state(first), 'JOINT_PUNISHMENT').filter((m: any) => m.active)).toHaveLength(1);
    expect(membershipsOf(await state(z.creditCode), 'JOINT_PUNISHMENT')).toEqual([
      expect.objectContaining({ active: false, endReason: MOVED }),
    ]);
    const [ledger] = await queryRows<{ n: number; total: number }>(
      ctx.system.db.incentives.execute(
        sql`select count(*)::int as n, coalesce(sum(delta), 0)::int as total from incentives.points_entries where record_id = ${recordId}::uuid`,
      ),
    );
    expect(ledger).toEqual({ n: 5, total: -100 }); // P1 −100, +100; P2 −100, +100; P1 −100
  });
});

describe('a correction that changes severity, category or kind', () => {
  it('ends joint punishment when serious becomes general, and reverses a person’s points when the record stops being priced', async () => {
    const x = company(4);
    const input = { category: 'PRICE_GOUGING', severity: 'SERIOUS', unitReference: 'MOVE-SEVERITY-1', subject: x };
    await send(AS.marketRegulation, input, 'CREATED');
    await pollAll();
    expect((await state(x.creditCode)).supervision.level).toBe('D');
    await send(AS.marketRegulation, { ...input, severity: 'GENERAL' }, 'CORRECTED');
    await pollAll();
    const lowered = await state(x.creditCode);
    expect(membershipsOf(lowered, 'JOINT_PUNISHMENT')).toEqual([
      expect.objectContaining({ active: false, endReason: '记录经更正后不再符合列入条件，移出名单' }),
    ]);
    expect(lowered.supervision.level).toBe('C');

    // A person's dishonesty corrected into a commitment (the credit office may report every category): no
    // longer priced, so its points are reversed rather than left standing.
    const p = person(3);
    const personal = { category: 'PRICE_GOUGING', severity: 'SERIOUS', unitReference: 'MOVE-KIND-1', subject: p };
    const recordId = await send(AS.creditOffice, personal, 'CREATED');
    await pollAll();
    const id = await personId(p.idNumber);
    expect((await state(id)).creditPoints.balance).toBe(-100);
    await send(AS.creditOffice, { ...personal, category: 'REPAIR_COMMITMENT', severity: undefined }, 'CORRECTED');
    await pollAll();
    const corrected = await state(id);
    expect(corrected.creditPoints.balance).toBe(0);
    expect(corrected.creditPoints.history.map((h: any) => [h.delta, h.kind, h.record.id])).toEqual([
      [100, 'REVERSAL', recordId],
      [-100, 'DEDUCTION', recordId],
    ]);
    expect(membershipsOf(corrected, 'JOINT_PUNISHMENT')).toEqual([
      expect.objectContaining({ active: false, endReason: '记录经更正后不再符合列入条件，移出名单' }),
    ]);
    expect(corrected.supervision.level).toBe('B');
  });
});

const APPLY = `mutation($input: RepairApplicationInput!) { applyForRepair(input: $input) { application { id state } } }`;
const MOVE = `mutation($id: ID!, $to: RepairState!, $reason: String) { moveRepairApplication(id: $id, to: $to, reason: $reason) { state } }`;
const OBJECT = `mutation($r: ID!) { raiseObjection(input: { recordId: $r, grounds: "该处罚决定针对的不是本公司" }) { objection { id state } } }`;
const repairOf = (recordId: string) => ({
  input: { recordId, correctionProof: '已补齐明码标价标签', obligationsMet: true, commitmentSigned: true },
});
const CASES = `query($id: ID!) { subject(id: $id) { repairApplications { id state reason } objections { id state outcomeReason } } }`;
const RECORD = `query($id: ID!) { creditRecord(id: $id) { status subject { id } } }`;

describe("repairs' projection and open cases", () => {
  pinClock(today);

  it('lets Y, not X, apply for repair of a moved record, and ends X’s open application and objection with a reason', async () => {
    const [x, y] = [company(5), company(6)];
    const input = { category: 'PRICE_NOT_MARKED', severity: 'GENERAL', decisionDate: addDays(today, -200), unitReference: 'MOVE-REPAIR-1' };
    const recordId = await send(AS.marketRegulation, { ...input, subject: x }, 'CREATED');
    await pollAll();
    const [asX, asY] = [await asSubject(x.creditCode), await asSubject(y.creditCode)];
    const filed = await gql(APPLY, repairOf(recordId), asX);
    expect(filed.errors).toBeUndefined();
    const objection = (await gql(OBJECT, { r: recordId }, asX)).data.raiseObjection.objection;
    await pollAll();
    expect((await gql(RECORD, { id: recordId }, AS.creditOffice)).data.creditRecord.status).toBe('DISPUTED');

    await send(AS.marketRegulation, { ...input, subject: y }, 'CORRECTED');
    await pollAll();
    const cases = (await gql(CASES, { id: x.creditCode }, asX)).data.subject;
    expect(cases.repairApplications).toEqual([
      {
        id: filed.data.applyForRepair.application.id,
        state: 'NOT_ACCEPTED',
        reason: '记录已由报送单位更正，当事人已变更为其他主体，本申请终止',
      },
    ]);
    expect(cases.objections).toEqual([
      { id: objection.id, state: 'CORRECTED', outcomeReason: '记录已由报送单位更正，当事人已变更为其他主体，异议按已更正办结' },
    ]);
    expect((await gql(APPLY, repairOf(recordId), asX)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(OBJECT, { r: recordId }, asX)).errors[0].extensions.code).toBe('FORBIDDEN');
    // Y sees none of X's cases, and may apply itself: X's application no longer blocks it.
    expect((await gql(CASES, { id: y.creditCode }, asY)).data.subject).toEqual({ repairApplications: [], objections: [] });
    const own = await gql(APPLY, repairOf(recordId), asY);
    expect(own.errors).toBeUndefined();
    expect(own.data.applyForRepair.application.state).toBe('SUBMITTED');
    expect((await gql(RECORD, { id: recordId }, AS.creditOffice)).data.creditRecord).toEqual({
      status: 'ACTIVE',
      subject: { id: y.creditCode },
    });
  });

  it('files no application for a subject the record no longer names, however late the applicant read the projection', async () => {
    // The race: X read the projection before the move, and files after repairs applied it.
    const [x, y] = [company(21), company(22)];
    const input = {
      category: 'PRICE_NOT_MARKED',
      severity: 'GENERAL',
      decisionDate: addDays(today, -200),
      unitReference: 'MOVE-FILE-RACE-1',
    };
    const recordId = await send(AS.marketRegulation, { ...input, subject: x }, 'CREATED');
    await send(AS.marketRegulation, { ...input, subject: y }, 'CORRECTED');
    await pollAll();
    const { createApplicationStore } = await import('../subgraphs/repairs/application-store.js');
    const store = createApplicationStore(ctx.system.db.repairs);
    const filed = await store.file(
      { recordId, subjectId: x.creditCode, reportingUnitId: 'market-regulation', acceptBy: addDays(today, 3), submission: {} },
      'CODE0000',
      today,
      'SUBJECT:test',
    );
    expect(filed).toEqual({ moved: true });
    const rows = await queryRows(
      ctx.system.db.repairs.execute(sql`select count(*)::int as n from repairs.repair_applications where record_id = ${recordId}`),
    );
    expect(Number((rows[0] as { n: number }).n)).toBe(0);
  });

  it('does not let a case the old subject filed before repairs saw the correction act on the new subject’s record', async () => {
    const [x, y] = [company(7), company(8)];
    const input = { category: 'PRICE_NOT_MARKED', severity: 'GENERAL', decisionDate: addDays(today, -200) };
    const asX = await asSubject(x.creditCode);
    // An objection X raises while repairs still holds X as the subject.
    const disputed = await send(AS.marketRegulation, { ...input, unitReference: 'MOVE-RACE-1', subject: x }, 'CREATED');
    // A repair of X's approved while repairs still holds X as the subject.
    const repaired = await send(AS.marketRegulation, { ...input, unitReference: 'MOVE-RACE-2', subject: x }, 'CREATED');
    await pollAll();
    const application = (await gql(APPLY, repairOf(repaired), asX)).data.applyForRepair.application;
    expect((await gql(MOVE, { id: application.id, to: 'ACCEPTED' }, AS.marketRegulation)).data.moveRepairApplication.state).toBe(
      'ACCEPTED',
    );

    await send(AS.marketRegulation, { ...input, unitReference: 'MOVE-RACE-1', subject: y }, 'CORRECTED');
    await send(AS.marketRegulation, { ...input, unitReference: 'MOVE-RACE-2', subject: y }, 'CORRECTED');
    expect((await gql(OBJECT, { r: disputed }, asX)).errors).toBeUndefined();
    expect((await gql(MOVE, { id: application.id, to: 'APPROVED' }, AS.marketRegulation)).data.moveRepairApplication.state).toBe(
      'APPROVED',
    );
    await pollAll();
    expect((await gql(RECORD, { id: disputed }, AS.creditOffice)).data.creditRecord).toEqual({
      status: 'ACTIVE',
      subject: { id: y.creditCode },
    });
    expect((await gql(RECORD, { id: repaired }, AS.creditOffice)).data.creditRecord).toEqual({
      status: 'ACTIVE',
      subject: { id: y.creditCode },
    });
    expect((await gql(CASES, { id: x.creditCode }, asX)).data.subject.objections).toEqual([
      expect.objectContaining({ state: 'CORRECTED' }),
    ]);
  });
});

describe("records' statistics", () => {
  it('counts a moved record in the new subject’s town', async () => {
    const towns = await queryRows<{ subject_id: string; district: string }>(
      ctx.system.db.records.execute(
        sql`select distinct on (district) subject_id, district from records.subject_directory where kind <> 'NATURAL_PERSON' and district is not null order by district, subject_id limit 2`,
      ),
    );
    expect(towns).toHaveLength(2);
    const [from, to] = towns as [{ subject_id: string; district: string }, { subject_id: string; district: string }];
    const byTown = async () => {
      const body = await gql(`{ recordStatistics(by: TOWN, filter: { categories: [PROFITEERING] }) { key count } }`, {}, AS.creditOffice);
      return Object.fromEntries(body.data.recordStatistics.map((b: any) => [b.key, b.count]));
    };
    const input = { category: 'PROFITEERING', severity: 'SERIOUS', unitReference: 'MOVE-TOWN-1' };
    await send(AS.marketRegulation, { ...input, subject: { creditCode: from.subject_id, name: '统计更正测试' } }, 'CREATED');
    const before = await byTown();
    await send(AS.marketRegulation, { ...input, subject: { creditCode: to.subject_id, name: '统计更正测试' } }, 'CORRECTED');
    const after = await byTown();
    expect((after[from.district] ?? 0) - (before[from.district] ?? 0)).toBe(-1);
    expect((after[to.district] ?? 0) - (before[to.district] ?? 0)).toBe(1);
  });
});

describe('a replayed log', () => {
  it('changes nothing after corrections that moved records', async () => {
    await pollAll();
    const counts = async () => ({
      incentives: (
        await queryRows(
          ctx.system.db.incentives.execute(sql`select
        (select count(*) from incentives.list_memberships)::int as memberships,
        (select count(*) from incentives.list_memberships where ended_at is null)::int as open,
        (select count(*) from incentives.points_entries)::int as points,
        (select coalesce(sum(delta), 0) from incentives.points_entries)::int as total,
        (select string_agg(record_id || ':' || subject_id, ',' order by record_id) from incentives.record_facts) as facts`),
        )
      )[0],
      repairs: (
        await queryRows(
          ctx.system.db.repairs.execute(sql`select
        (select count(*) from repairs.state_changes)::int as steps,
        (select string_agg(id || ':' || state, ',' order by id) from repairs.repair_applications) as applications,
        (select string_agg(id || ':' || state, ',' order by id) from repairs.objections) as objections,
        (select string_agg(record_id || ':' || subject_id, ',' order by record_id) from repairs.record_projection) as projection`),
        )
      )[0],
    });
    const before = await counts();
    await ctx.system.db.incentives.execute(sql`delete from incentives.consumer_cursors where producer = 'records'`);
    await ctx.system.db.repairs.execute(sql`delete from repairs.consumer_cursors where producer = 'records'`);
    await pollAll();
    expect(await counts()).toEqual(before);
    expect((await state(await personId(person(1).idNumber))).creditPoints.balance).toBe(-100);
    expect((await state(await personId(person(2).idNumber))).creditPoints.balance).toBe(0);
    expect((await state(company(2).creditCode)).supervision.level).toBe('D');
    expect((await state(company(1).creditCode)).supervision.level).toBe('B');
  });
});
