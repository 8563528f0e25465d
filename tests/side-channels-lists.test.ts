/**
 * Issue 11, side channels around lists and case numbers, each tried as an attacker would: causing records
 * the caller may not open (`causedBy`), ended memberships of public lists (终止公示), guessable
 * repair and objection numbers.
 */
import { describe, expect, it, vi } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { makeCreditCode, makeIdNumber } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { causeVisibleTo, isRecordPublicToday } from '../subgraphs/incentives/policy.js';
import type { RecordKind, Severity } from '../subgraphs/records/catalogue.js';
import { disclosureWindow } from '../subgraphs/records/disclosure.js';
import { isPublicToday } from '../subgraphs/records/policy.js';
import { KNOWN_DAY, pinClock } from './support/clock.js';
import { AS, gatewayClient, recordReporter, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
// Repairs and objections count working days: the clock stays on a day of a year the calendar knows.
pinClock();
const gql = gatewayClient(ctx);
const report = recordReporter(ctx, 'SC-L');
const today = KNOWN_DAY;
// records → repairs and incentives; repairs → records → incentives: three rounds carry an approval through.
const pollAll = ctx.settle;
/**
 * Polls until `check` passes: on a PostgreSQL server shared with other runs, another database's open
 * transaction can hold the consumers' snapshot horizon back for a moment.
 */
const settle = <T>(check: () => Promise<T>): Promise<T> =>
  vi.waitFor(
    async () => {
      await pollAll();
      return check();
    },
    { timeout: 20_000, interval: 100 },
  );
const lists = async (subjectId: string) => (await gql(MEMBERSHIPS, { id: subjectId }, AS.creditOffice)).data.subject?.listMemberships ?? [];
const company = (n: number) => ({ creditCode: makeCreditCode(`91320585CH${String(n).padStart(7, '0')}`), name: `旁路测试${n}号有限公司` });
const asSubject = async (subjectId: string) => ({
  authorization: `Bearer ${await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: subjectId })}`,
});

const MEMBERSHIPS = `query($id: ID!) { subject(id: $id) { id listMemberships { list active endReason causedBy { id category } } } }`;
const MEMBERSHIP_IDS = `query($id: ID!) { subject(id: $id) { id listMemberships { id list causedBy { id } } } }`;
const PUBLIC_MEMBERS = `{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id } causedBy { id } } } } }`;
const APPLY = `mutation($input: RepairApplicationInput!) { applyForRepair(input: $input) { queryCode application { id number } } }`;
const MOVE = `mutation($id: ID!, $to: RepairState!) { moveRepairApplication(id: $id, to: $to) { state } }`;
const PROGRESS = `query($n: String!, $c: String!) { applicationProgress(number: $n, code: $c) { number kind state } }`;
const repairInput = (recordId: string, extra: Record<string, unknown> = {}) => ({
  input: { recordId, correctionProof: '已退还多收价款并公开致歉', obligationsMet: true, commitmentSigned: true, ...extra },
});

/** What a caller gets back for one subject's memberships: no error, the subject itself never nulled. */
async function membershipsAs(headers: Record<string, string>, subjectId: string, query = MEMBERSHIPS) {
  const body = await gql(query, { id: subjectId }, headers);
  expect(body.errors).toBeUndefined();
  expect(body.data.subject).not.toBeNull();
  expect(body.data.subject.id).toBe(subjectId);
  return body.data.subject.listMemberships as any[];
}

/** Every reader who only sees what is public about this subject. */
async function publicReaders() {
  return { public: AS.public, bank: AS.bank, analyst: AS.analyst, otherSubject: await asSubject(company(99).creditCode) };
}

describe('ended memberships of public lists (终止公示) and their causes', () => {
  it('after an approved repair: the ended joint punishment and its record id are gone for the public, history stays with the office and the subject', async () => {
    const subject = company(1);
    const recordId = await report(AS.marketRegulation, subject, 'PRICE_GOUGING', {
      severity: 'SERIOUS',
      decisionDate: addDays(today, -400),
    });
    await settle(async () => expect(await lists(subject.creditCode)).toHaveLength(1));
    // While it lasts, the membership and its public record are public.
    expect(await membershipsAs(AS.public, subject.creditCode)).toEqual([
      { list: 'JOINT_PUNISHMENT', active: true, endReason: null, causedBy: [{ id: recordId, category: 'PRICE_GOUGING' }] },
    ]);

    // A serious record is repaired after attended training.
    const own = await asSubject(subject.creditCode);
    const session = (
      await gql(
        `mutation { scheduleTraining(input: { title: "信用修复培训", heldOn: "${today}", place: "太仓市民服务中心", capacity: 5 }) { id } }`,
        {},
        AS.creditOffice,
      )
    ).data.scheduleTraining;
    await gql(`mutation($id: ID!) { enrolInTraining(sessionId: $id) { attended } }`, { id: session.id }, own);
    await gql(
      `mutation($s: ID!, $p: ID!) { recordTrainingAttendance(sessionId: $s, subjectId: $p, attended: true) { attended } }`,
      { s: session.id, p: subject.creditCode },
      AS.creditOffice,
    );
    const filed = await gql(APPLY, repairInput(recordId, { trainingSessionId: session.id }), own);
    expect(filed.errors).toBeUndefined();
    const app = filed.data.applyForRepair.application;
    expect((await gql(MOVE, { id: app.id, to: 'ACCEPTED' }, AS.marketRegulation)).data.moveRepairApplication.state).toBe('ACCEPTED');
    expect((await gql(MOVE, { id: app.id, to: 'APPROVED' }, AS.creditOffice)).data.moveRepairApplication.state).toBe('APPROVED');
    await settle(async () => expect((await lists(subject.creditCode))[0].active).toBe(false));

    for (const [who, headers] of Object.entries(await publicReaders())) {
      const seen = await membershipsAs(headers, subject.creditCode);
      expect(seen, who).toEqual([]);
      const ids = await membershipsAs(headers, subject.creditCode, MEMBERSHIP_IDS);
      expect(JSON.stringify(ids), who).not.toContain(recordId);
    }
    const members = await gql(PUBLIC_MEMBERS);
    expect(JSON.stringify(members.data.listMembers)).not.toContain(subject.creditCode);
    expect(JSON.stringify(members.data.listMembers)).not.toContain(recordId);

    // The credit office and the subject keep the history, with the cause.
    const ended = {
      list: 'JOINT_PUNISHMENT',
      active: false,
      endReason: '信用修复完成，移出名单',
      causedBy: [{ id: recordId, category: 'PRICE_GOUGING' }],
    };
    expect(await membershipsAs(AS.creditOffice, subject.creditCode)).toEqual([ended]);
    expect(await membershipsAs(own, subject.creditCode)).toEqual([ended]);
    // Member units see the ended membership, but not the repaired record (停止共享), not even its reporter:
    // the cause is absent instead of a null that voids the subject.
    expect(await membershipsAs(AS.marketRegulation, subject.creditCode)).toEqual([{ ...ended, causedBy: [] }]);
    expect(await membershipsAs(AS.health, subject.creditCode, MEMBERSHIP_IDS)).toEqual([
      expect.objectContaining({ list: 'JOINT_PUNISHMENT', causedBy: [] }),
    ]);
  });

  it('after an objection is WITHDRAWN: the public, banks, analysts and other subjects no longer see the membership or the record id', async () => {
    const subject = company(2);
    const recordId = await report(AS.marketRegulation, subject, 'HOARDING', { severity: 'SERIOUS', decisionDate: addDays(today, -30) });
    await settle(async () => expect(await lists(subject.creditCode)).toHaveLength(1));
    const own = await asSubject(subject.creditCode);
    const raised = await settle(async () => {
      const body = await gql(
        `mutation($r: ID!) { raiseObjection(input: { recordId: $r, grounds: "库存系正常备货，并非囤积" }) { objection { id } } }`,
        { r: recordId },
        own,
      );
      expect(body.errors).toBeUndefined();
      return body;
    });
    await settle(async () =>
      expect(
        (await gql(`query($id: ID!) { creditRecord(id: $id) { status } }`, { id: recordId }, AS.creditOffice)).data.creditRecord.status,
      ).toBe('DISPUTED'),
    );
    expect(await membershipsAs(AS.public, subject.creditCode)).toEqual([
      expect.objectContaining({ active: true, causedBy: [{ id: recordId, category: 'HOARDING' }] }),
    ]); // disputed: still shown
    const resolved = await gql(
      `mutation($id: ID!) { resolveObjection(id: $id, outcome: WITHDRAWN, reason: "经复核，处罚决定已撤销") { state } }`,
      { id: raised.data.raiseObjection.objection.id },
      AS.marketRegulation,
    );
    expect(resolved.errors).toBeUndefined();
    await settle(async () => expect((await lists(subject.creditCode))[0].active).toBe(false));

    for (const [who, headers] of Object.entries(await publicReaders())) {
      expect(await membershipsAs(headers, subject.creditCode), who).toEqual([]);
      expect(JSON.stringify(await membershipsAs(headers, subject.creditCode, MEMBERSHIP_IDS)), who).not.toContain(recordId);
    }
    expect(JSON.stringify((await gql(PUBLIC_MEMBERS)).data.listMembers)).not.toContain(recordId);

    const ended = {
      list: 'JOINT_PUNISHMENT',
      active: false,
      endReason: '记录已撤销，移出名单',
      causedBy: [{ id: recordId, category: 'HOARDING' }],
    };
    expect(await membershipsAs(AS.creditOffice, subject.creditCode)).toEqual([ended]);
    expect(await membershipsAs(own, subject.creditCode)).toEqual([ended]);
    // The unit that reported the withdrawn record still sees it; another unit does not (终止共享).
    expect(await membershipsAs(AS.marketRegulation, subject.creditCode)).toEqual([ended]);
    expect(await membershipsAs(AS.health, subject.creditCode)).toEqual([{ ...ended, causedBy: [] }]);
  });
});

describe('causedBy of a record the caller may not open', () => {
  it("never voids its parent and never shows the id of a person's record outside the unit's reach", async () => {
    // A person on the joint-punishment list for price gouging: health's duties do not cover that category.
    const idNumber = makeIdNumber('320585', '19791023', 512);
    const recordId = await report(AS.marketRegulation, { idNumber, name: '旁路测试人' }, 'PRICE_GOUGING', {
      severity: 'SERIOUS',
      decisionDate: addDays(today, -30),
    });
    const personId = await settle(
      async () =>
        (await gql(`query($n: String!) { subjectByIdNumber(idNumber: $n) { id } }`, { n: idNumber }, AS.creditOffice)).data
          .subjectByIdNumber.id as string,
    );
    await settle(async () => expect(await lists(personId)).toHaveLength(1));
    expect((await gql(`query($id: ID!) { creditRecord(id: $id) { id } }`, { id: recordId }, AS.health)).data.creditRecord).toBeNull();

    // One refused cause used to void the whole list (a null in [CreditRecord!]! nulls every parent up to the root).
    // Now a person's cause is shown only to the unit that reported it: absent for health, and nothing voided.
    const members = await gql(
      `{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id } causedBy { id category } } } } }`,
      {},
      AS.health,
    );
    expect(members.errors).toBeUndefined();
    expect(members.data.listMembers.edges.map((e: any) => e.node)).toContainEqual({ subject: { id: personId }, causedBy: [] });
    expect(JSON.stringify(members.data)).not.toContain(recordId);
    // The reporting unit opens it; the public sees neither persons' memberships nor their records.
    const asReporter = await gql(
      `{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id } causedBy { id category } } } } }`,
      {},
      AS.marketRegulation,
    );
    expect(asReporter.data.listMembers.edges.map((e: any) => e.node)).toContainEqual({
      subject: { id: personId },
      causedBy: [{ id: recordId, category: 'PRICE_GOUGING' }],
    });
    const asPublic = JSON.stringify((await gql(PUBLIC_MEMBERS)).data.listMembers);
    expect(asPublic).not.toContain(personId);
    expect(asPublic).not.toContain(recordId);
  });
});

describe('the causedBy rule on incentives’ projection', () => {
  it('agrees with records’ own “public today” for every kind, severity, rule version, status and subject kind', () => {
    const today = '2026-12-01';
    const kinds: [RecordKind, Severity | null][] = [
      ['ADMINISTRATIVE_PENALTY', 'MINOR'],
      ['ADMINISTRATIVE_PENALTY', 'GENERAL'],
      ['ADMINISTRATIVE_PENALTY', 'SERIOUS'],
      ['DISHONEST_CONDUCT', 'SERIOUS'],
      ['HONOR', null],
      ['HONEST_CONDUCT', null],
      ['COMMITMENT', null],
    ];
    const statuses: [string, string | null][] = [
      ['ACTIVE', null],
      ['DISPUTED', null],
      ['EXPIRED', null],
      ['REPAIRED', null],
      ['WITHDRAWN', null],
      ['EXEMPTED', null],
      ['DEFERRED', '2026-11-01'],
      ['DEFERRED', '2027-01-01'],
      ['DEFERRED', null],
    ];
    let compared = 0;
    for (const [kind, severity] of kinds) {
      for (const decisionDate of ['2019-08-01', '2024-01-15', '2025-11-20', '2026-05-06', '2026-11-30', '2026-12-02']) {
        for (const subjectIsPerson of [false, true]) {
          const window = disclosureWindow(kind, severity, decisionDate, subjectIsPerson);
          for (const [status, deferredUntil] of statuses) {
            const row = { subjectIsPerson, status, deferredUntil, publicFrom: window.publicFrom, publicUntil: window.publicUntil };
            // What records' events carry into the projection: no publicFrom.
            const fact = {
              subjectId: 'S',
              subjectIsPerson,
              kind,
              status,
              decisionDate,
              publicUntil: window.publicUntil,
              deferredUntil,
              reportingUnitId: 'market-regulation',
            };
            expect(isRecordPublicToday(fact, today), JSON.stringify(row)).toBe(
              isPublicToday(row as Parameters<typeof isPublicToday>[0], today),
            );
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(7 * 6 * 2 * 9);
  });

  it('shows member units what records shares with them, and a cause not yet projected only to the credit office', () => {
    const today = '2026-12-01';
    const fact = (status: string, reportingUnitId = 'market-regulation') => ({
      subjectId: 'S',
      subjectIsPerson: false,
      kind: 'ADMINISTRATIVE_PENALTY',
      status,
      decisionDate: '2026-05-06',
      publicUntil: '2027-05-05',
      deferredUntil: null,
      reportingUnitId,
    });
    const unit = (unitId: string) => ({ role: 'MEMBER_UNIT' as const, unitId });
    expect(causeVisibleTo(unit('health'), fact('ACTIVE'), today)).toBe(true);
    expect(causeVisibleTo(unit('health'), fact('EXPIRED'), today)).toBe(true);
    expect(causeVisibleTo(unit('health'), fact('WITHDRAWN'), today)).toBe(false);
    expect(causeVisibleTo(unit('market-regulation'), fact('WITHDRAWN'), today)).toBe(true);
    expect(causeVisibleTo(unit('market-regulation'), fact('REPAIRED'), today)).toBe(false);
    expect(causeVisibleTo({ role: 'SUBJECT', subjectId: 'S' }, fact('REPAIRED'), today)).toBe(true);
    expect(causeVisibleTo({ role: 'SUBJECT', subjectId: 'T' }, fact('REPAIRED'), today)).toBe(false);
    expect(causeVisibleTo({ role: 'PUBLIC' }, undefined, today)).toBe(false);
    expect(causeVisibleTo(unit('market-regulation'), undefined, today)).toBe(false);
    expect(causeVisibleTo({ role: 'CREDIT_OFFICE' }, undefined, today)).toBe(true);
    // A person's record: only to the unit that reported it (incentives cannot tell which duties cover it).
    const personal = { ...fact('ACTIVE', 'public-security'), subjectIsPerson: true };
    expect(causeVisibleTo(unit('public-security'), personal, today)).toBe(true);
    expect(causeVisibleTo(unit('tax'), personal, today)).toBe(false);
    expect(causeVisibleTo(unit('market-regulation'), personal, today)).toBe(false);
  });
});

describe('case numbers that cannot be guessed', () => {
  const CROCKFORD_NUMBER = (prefix: string) => new RegExp(`^${prefix}${today.replaceAll('-', '')}[0-9A-HJKMNP-TV-Z]{8,}$`);

  it('gives two consecutive repair applications unrelated numbers, which the progress look-up still finds in any case', async () => {
    const numbers: string[] = [];
    const codes: string[] = [];
    for (const n of [3, 4]) {
      const subject = company(n);
      const recordId = await report(AS.marketRegulation, subject, 'PRICE_NOT_MARKED', { decisionDate: addDays(today, -200) });
      const headers = await asSubject(subject.creditCode);
      const filed = await settle(async () => {
        const body = await gql(APPLY, repairInput(recordId), headers);
        expect(body.errors).toBeUndefined();
        return body;
      });
      numbers.push(filed.data.applyForRepair.application.number);
      codes.push(filed.data.applyForRepair.queryCode);
    }
    const [first, second] = numbers as [string, string];
    expect(first).toMatch(CROCKFORD_NUMBER('XF'));
    expect(second).toMatch(CROCKFORD_NUMBER('XF'));
    // Not a sequence: they differ before their last character, and neither follows from the other.
    expect(first.slice(0, -1)).not.toBe(second.slice(0, -1));
    const sequel = (number: string) => number.replace(/(\d+)$/, (digits) => String(Number(digits) + 1).padStart(digits.length, '0'));
    expect(second).not.toBe(sequel(first));

    expect((await gql(PROGRESS, { n: second.toLowerCase(), c: codes[1]! })).data.applicationProgress).toEqual({
      number: second,
      kind: 'REPAIR',
      state: 'SUBMITTED',
    });
  });

  it('numbers objections the same way, under their own prefix', async () => {
    const numbers: string[] = [];
    for (const n of [5, 6]) {
      const subject = company(n);
      const recordId = await report(AS.marketRegulation, subject, 'PRICE_NOT_MARKED', { decisionDate: addDays(today, -20) });
      const headers = await asSubject(subject.creditCode);
      const raised = await settle(async () => {
        const body = await gql(
          `mutation($r: ID!) { raiseObjection(input: { recordId: $r, grounds: "并非本店所售商品" }) { objection { number } } }`,
          { r: recordId },
          headers,
        );
        expect(body.errors).toBeUndefined();
        return body;
      });
      numbers.push(raised.data.raiseObjection.objection.number);
    }
    for (const number of numbers) expect(number).toMatch(CROCKFORD_NUMBER('YY'));
    expect(numbers[0]!.slice(0, -1)).not.toBe(numbers[1]!.slice(0, -1));
  });
});
