/**
 * The incentives issue's acceptance: a serious price-gouging record puts its subject on the joint-
 * punishment list and level D within seconds, measuresFor tells units what to apply, approving a repair
 * lifts both; a bank reads a loan profile only while the subject's authorisation lasts.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { KNOWN_DAY, pinClock } from './support/clock.js';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

// Seeded as of, and run on, a day of a year the calendar knows: the flows here count working days.
const ctx = useSeededSystem({ seedToday: KNOWN_DAY });
pinClock();
const gql = gatewayClient(ctx);
const asSubject = ctx.asSubject;

/** Runs the background consumers while `check` is polled; returns how long it took to hold. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (const consumer of ctx.system.consumers) consumer.start(100);
  try {
    while (!(await check())) {
      if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return Date.now() - started;
  } finally {
    for (const consumer of ctx.system.consumers) await consumer.stop();
  }
}

const STATE = `query($id: ID!) { subject(id: $id) { listMemberships { list active endReason } supervision { level reason inspection } } }`;
const MEASURES_FOR = `query($id: ID!) { measuresFor(subject: $id) { measure { code direction } unit { id } membership { id list } applied } }`;

describe('incentives: done when', () => {
  it('puts a serious price gouger on the joint-punishment list at level D within seconds, tells units what to apply, and a repair lifts both', async () => {
    const creditCode = makeCreditCode('91320585JC0000001');
    const report = {
      subject: { creditCode, name: '哄抬物价验收测试有限公司' },
      category: 'PRICE_GOUGING',
      severity: 'SERIOUS',
      decisionDate: '2025-10-01',
      facts: '口罩售价较进价上涨六倍',
      unitReference: 'INC-DONE-1',
      penalty: {
        types: ['FINE', 'CONFISCATION'],
        content: '没收违法所得2.4万元，并处违法所得三倍罚款7.2万元。',
        fineAmount: '7.2',
        confiscatedAmount: '2.4',
      },
    };
    const reported = await gql(
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome record { id } } }`,
      { i: report },
      AS.marketRegulation,
    );
    const recordId = reported.data.reportRecord.record.id;
    const state = async () => (await gql(STATE, { id: creditCode }, AS.marketRegulation)).data.subject;

    const took = await within(5000, async () => (await state())?.supervision?.level === 'D');
    expect(took).toBeLessThan(5000);
    const punished = await state();
    expect(punished.listMemberships).toEqual([{ list: 'JOINT_PUNISHMENT', active: true, endReason: null }]);
    expect(punished.supervision.reason).toContain('联合惩戒');
    const members = await gql(`{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id } causedBy { id } } } } }`);
    expect(members.data.listMembers.edges.map((e: any) => e.node)).toContainEqual({
      subject: { id: creditCode },
      causedBy: [{ id: recordId }],
    });

    const dues = (await gql(MEASURES_FOR, { id: creditCode }, AS.marketRegulation)).data.measuresFor;
    expect(dues.map((d: any) => d.measure.code).sort()).toEqual(['APPROVAL_RESTRICTION', 'CLOSER_INSPECTION']);
    expect(dues.every((d: any) => d.unit.id === 'market-regulation' && d.measure.direction === 'SANCTION' && !d.applied)).toBe(true);
    const bank = (await gql(MEASURES_FOR, { id: creditCode }, AS.bank)).data.measuresFor;
    expect(bank.map((d: any) => d.measure.code)).toEqual(['FINANCING_RESTRICTION']);

    // The subject repairs: training (a serious record), application, acceptance, approval.
    const subject = await asSubject(creditCode);
    const session = (
      await gql(
        `mutation { scheduleTraining(input: { title: "信用修复培训", heldOn: "${KNOWN_DAY}", place: "市民服务中心", capacity: 10 }) { id } }`,
        {},
        AS.creditOffice,
      )
    ).data.scheduleTraining;
    await gql(`mutation($s: ID!) { enrolInTraining(sessionId: $s) { attended } }`, { s: session.id }, subject);
    await gql(
      `mutation($s: ID!, $p: ID!) { recordTrainingAttendance(sessionId: $s, subjectId: $p, attended: true) { attended } }`,
      { s: session.id, p: creditCode },
      AS.creditOffice,
    );
    const applied = await gql(
      `mutation($r: ID!, $s: ID!) { applyForRepair(input: { recordId: $r, correctionProof: "已退还差价并整改", obligationsMet: true, commitmentSigned: true, trainingSessionId: $s }) { application { id } } }`,
      { r: recordId, s: session.id },
      subject,
    );
    const applicationId = applied.data.applyForRepair.application.id;
    for (const to of ['ACCEPTED', 'APPROVED'])
      await gql(
        `mutation($id: ID!, $to: RepairState!) { moveRepairApplication(id: $id, to: $to) { state } }`,
        { id: applicationId, to },
        AS.creditOffice,
      );

    await within(5000, async () => (await state())?.supervision?.level !== 'D');
    const lifted = await state();
    expect(lifted.listMemberships).toEqual([{ list: 'JOINT_PUNISHMENT', active: false, endReason: '信用修复完成，移出名单' }]);
    expect(lifted.supervision.level).toBe('B');
    expect((await gql(MEASURES_FOR, { id: creditCode }, AS.marketRegulation)).data.measuresFor).toEqual([]);
  });

  it('shows a bank the loan profile only while the subject authorises it, and audits every read', async () => {
    const company = ctx.demo.companyCode;
    const owner = await asSubject(company);
    const PROFILE = `query($id: ID!) { loanProfile(subject: $id) { supervision { level } lists { list } negativeRecords { severity count } positiveRecords { kind count } epidemicSupplyProducer hardHitSme authorisedUntil } }`;
    const read = async (headers: Record<string, string> = AS.bank) => gql(PROFILE, { id: company }, headers);
    const refused = await read();
    expect(refused.data.loanProfile).toBeNull();
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');

    const until = addDays(KNOWN_DAY, 30);
    const GRANT = `mutation($until: Date!) { grantLoanAuthorisation(institution: "bank-taicang-rural", validUntil: $until) { id validUntil active institution { id name } } }`;
    const granted = (await gql(GRANT, { until }, owner)).data.grantLoanAuthorisation;
    expect(granted).toMatchObject({
      validUntil: until,
      active: true,
      institution: { id: 'bank-taicang-rural', name: '江苏太仓农村商业银行' },
    });

    const profile = (await read()).data.loanProfile;
    expect(profile.supervision.level).toBe('D');
    expect(profile.lists.map((l: any) => l.list)).toContain('JOINT_PUNISHMENT');
    expect(profile.negativeRecords).toContainEqual({ severity: 'SERIOUS', count: expect.any(Number) });
    expect(profile.positiveRecords.map((p: any) => p.kind)).toContain('HONEST_CONDUCT');
    expect(profile).toMatchObject({ epidemicSupplyProducer: true, authorisedUntil: until });
    // Another bank, with no authorisation of its own, still sees nothing.
    const icbc = {
      authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'FINANCIAL_INSTITUTION', unit: 'bank-icbc-taicang' })}`,
    };
    expect((await read(icbc)).errors[0].extensions.code).toBe('FORBIDDEN');

    // Granting again extends the same authorisation rather than adding one.
    const later = addDays(KNOWN_DAY, 60);
    expect((await gql(GRANT, { until: later }, owner)).data.grantLoanAuthorisation).toMatchObject({ id: granted.id, validUntil: later });
    expect((await gql(`{ loanAuthorisations { id subject { id } } }`, {}, AS.bank)).data.loanAuthorisations).toEqual([
      { id: granted.id, subject: { id: company } },
    ]);

    // Expiry: the last day passed.
    await ctx.system.db.incentives.execute(
      sql`update incentives.loan_authorisations set valid_until = ${addDays(KNOWN_DAY, -1)}::date where id = ${granted.id}::uuid`,
    );
    expect((await read()).errors[0].extensions.code).toBe('FORBIDDEN');
    await ctx.system.db.incentives.execute(
      sql`update incentives.loan_authorisations set valid_until = ${later}::date where id = ${granted.id}::uuid`,
    );
    expect((await read()).data.loanProfile.authorisedUntil).toBe(later);

    // Revocation: at once, and for good.
    const revoked = (await gql(`mutation($id: ID!) { revokeLoanAuthorisation(id: $id) { active revokedAt } }`, { id: granted.id }, owner))
      .data.revokeLoanAuthorisation;
    expect(revoked.active).toBe(false);
    expect((await read()).errors[0].extensions.code).toBe('FORBIDDEN');

    const trail = await gql(
      `{ auditTrail(filter: { unitId: "bank-taicang-rural", limit: 50 }) { incentives { dataClass action subjectIds } } }`,
      {},
      AS.creditOffice,
    );
    const reads = trail.data.auditTrail.incentives.filter((e: any) => e.dataClass === 'LOAN_PROFILE' && e.action === 'READ');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((e: any) => e.subjectIds.includes(company))).toBe(true);
  });
});
