/**
 * The repairs issue's acceptance: apply, approve, and the record leaves public disclosure and the
 * member units' views within seconds; deadlines across National Day; state machine by role; decisions
 * delivered after a consumer restart.
 */
import { describe, expect, it } from 'vitest';
import { createConsumer } from '../subgraphs/kit/events.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { TRANSITIONS, type RepairState } from '../subgraphs/repairs/rules.js';
import { pinClock, setClock } from './support/clock.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
// Applications get working-day deadlines: every test runs on a day of a known calendar year (support/clock.ts).
pinClock();
const pollAll = ctx.settle;
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;
const APPLY = `mutation($id: ID!) { applyForRepair(input: { recordId: $id, correctionProof: "已整改", obligationsMet: true, commitmentSigned: true }) { application { id state acceptBy } } }`;
const MOVE = `mutation($id: ID!, $to: RepairState!, $reason: String) { moveRepairApplication(id: $id, to: $to, reason: $reason) { state decideBy } }`;
let serial = 0;

async function eligibleRecord(decisionDate = addDays(chinaToday(), -200)) {
  const n = ++serial;
  const creditCode = makeCreditCode(`91320585DN${String(n).padStart(7, '0')}`);
  const input = {
    subject: { creditCode, name: `验收测试${n}号公司` },
    category: 'PRICE_NOT_MARKED',
    decisionDate,
    facts: '未明码标价',
    penalty: WARNING_PENALTY,
    unitReference: `DONE-${n}`,
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

describe('repairs: done when', () => {
  it('removes an approved record from publicDisclosures and from member units, while subject and credit office see it REPAIRED', async () => {
    const { recordId, asSubject } = await eligibleRecord();
    const disclosed = async () =>
      (await gql(`{ publicDisclosures(first: 100) { edges { node { id } } } }`, {})).data.publicDisclosures.edges.map(
        (e: any) => e.node.id,
      );
    const view = async (headers: Record<string, string>) =>
      (await gql(`query($id: ID!) { creditRecord(id: $id) { status } }`, { id: recordId }, headers)).data.creditRecord;
    expect(await disclosed()).toContain(recordId);
    expect(await view(AS.health)).toEqual({ status: 'ACTIVE' });

    const app = (await gql(APPLY, { id: recordId }, asSubject)).data.applyForRepair.application;
    await gql(MOVE, { id: app.id, to: 'ACCEPTED' }, AS.creditOffice);
    await gql(MOVE, { id: app.id, to: 'APPROVED' }, AS.creditOffice);
    for (const consumer of ctx.system.consumers) consumer.start(100);
    try {
      const started = Date.now();
      while ((await view(AS.creditOffice))?.status !== 'REPAIRED' && Date.now() - started < 5000)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const consumer of ctx.system.consumers) await consumer.stop();
    }
    expect(await disclosed()).not.toContain(recordId);
    expect(await view(AS.health)).toBeNull();
    expect(await view(AS.marketRegulation)).toBeNull();
    expect(await view(AS.public)).toBeNull();
    expect(await view(asSubject)).toEqual({ status: 'REPAIRED' });
    expect(await view(AS.creditOffice)).toEqual({ status: 'REPAIRED' });
  });

  it('counts the deadlines of an application filed on the last working day before National Day', async () => {
    const { recordId, asSubject } = await eligibleRecord('2026-03-14');
    setClock('2026-09-30');
    const app = (await gql(APPLY, { id: recordId }, asSubject)).data.applyForRepair.application;
    // 1-7 October off; accept within 2 working days: Thursday 8 and Friday 9 October.
    expect(app.acceptBy).toBe('2026-10-09');
    setClock('2026-10-09');
    // Decide within 5: Saturday 10 October is an adjusted working day, then 12, 13, 14, 15 October.
    expect((await gql(MOVE, { id: app.id, to: 'ACCEPTED' }, AS.creditOffice)).data.moveRepairApplication).toEqual({
      state: 'ACCEPTED',
      decideBy: '2026-10-15',
    });
  });

  it('delivers a decision made while the records consumer was stopped once a new one starts, exactly once', async () => {
    const { recordId, asSubject } = await eligibleRecord();
    const app = (await gql(APPLY, { id: recordId }, asSubject)).data.applyForRepair.application;
    await gql(MOVE, { id: app.id, to: 'ACCEPTED' }, AS.creditOffice);
    await gql(MOVE, { id: app.id, to: 'APPROVED' }, AS.creditOffice);
    const [fromRepairs] = ctx.system.subgraphs.records.consumes.filter((c) => c.producer === 'repairs');
    const restarted = () =>
      createConsumer({
        producer: 'repairs',
        feedUrl: `${ctx.system.services.repairs.origin}/events`,
        consumer: 'records',
        internalSecret: ctx.system.secrets.internalSecret,
        db: ctx.system.db.records,
        cursors: fromRepairs!.cursors,
        apply: fromRepairs!.apply,
      });
    expect(await restarted().pollOnce()).toBeGreaterThan(0);
    expect(await restarted().pollOnce()).toBe(0);
    expect(
      (await gql(`query($id: ID!) { creditRecord(id: $id) { status } }`, { id: recordId }, AS.creditOffice)).data.creditRecord.status,
    ).toBe('REPAIRED');
  });
});

describe('repair state machine, every transition by role', () => {
  const STATES: RepairState[] = ['SUBMITTED', 'ACCEPTED', 'NOT_ACCEPTED', 'APPROVED', 'DENIED', 'WITHDRAWN'];
  const PATH: Partial<Record<RepairState, RepairState[]>> = {
    SUBMITTED: [],
    ACCEPTED: ['ACCEPTED'],
    NOT_ACCEPTED: ['NOT_ACCEPTED'],
    APPROVED: ['ACCEPTED', 'APPROVED'],
    DENIED: ['ACCEPTED', 'DENIED'],
    WITHDRAWN: ['WITHDRAWN'],
  };

  it.each(STATES)(
    'from %s',
    async (from) => {
      for (const to of STATES) {
        for (const actor of ['DECIDER', 'APPLICANT', 'STRANGER'] as const) {
          const { recordId, asSubject } = await eligibleRecord();
          const app = (await gql(APPLY, { id: recordId }, asSubject)).data.applyForRepair.application;
          for (const step of PATH[from]!) {
            const moved = await gql(MOVE, { id: app.id, to: step, reason: '理由' }, step === 'WITHDRAWN' ? asSubject : AS.creditOffice);
            expect(moved.errors).toBeUndefined();
          }
          const headers = actor === 'DECIDER' ? AS.marketRegulation : actor === 'APPLICANT' ? asSubject : AS.health;
          const result = await gql(MOVE, { id: app.id, to, reason: '理由' }, headers);
          const allowed = TRANSITIONS.some((t) => t.from === from && t.to === to && t.by === actor);
          const expected = allowed ? 'OK' : !TRANSITIONS.some((t) => t.from === from && t.to === to) ? 'BAD_USER_INPUT' : 'FORBIDDEN';
          expect({ from, to, actor, outcome: result.errors ? result.errors[0].extensions.code : 'OK' }).toEqual({
            from,
            to,
            actor,
            outcome: expected,
          });
        }
      }
    },
    300_000,
  );
});
