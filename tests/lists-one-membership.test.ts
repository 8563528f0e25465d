/**
 * Issue 14, finding 6: one membership per subject and list, carrying all its causes, ending only when the
 * last one ends; measures due once per subject, list, measure and unit; two causing events at once open one
 * membership; the migration that merges the duplicates of earlier releases, keeping their history.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reassessSubjects } from '../subgraphs/incentives/consequences.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { finePenalty } from './support/penalty.js';
import { openTestConnection } from './support/database.js';
import { AS, databaseError, gatewayClient, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
const pollAll = ctx.settle;
const company = (n: number) => ({
  creditCode: makeCreditCode(`91320585NM${String(n).padStart(7, '0')}`),
  name: `一次列入测试${n}号有限公司`,
});

const REPORT = `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome record { id } problems { field reason } } }`;
/** A serious price-gouging penalty: a cause of joint punishment. */
const gouging = (subject: { creditCode: string; name: string }, ref: string, severity = 'SERIOUS', decisionDate = '2026-05-06') => ({
  subject,
  category: 'PRICE_GOUGING',
  decisionDate,
  severity,
  facts: `哄抬口罩价格 ${ref}`,
  unitReference: ref,
  penalty: finePenalty(),
});
async function reportAll(items: Record<string, unknown>[], unit = AS.marketRegulation): Promise<string[]> {
  const body = await gql(REPORT, { i: items }, unit);
  for (const result of body.data.reportRecords) expect(result.problems).toEqual([]);
  return body.data.reportRecords.map((r: any) => r.record.id);
}
const STATE = `query($id: ID!) { subject(id: $id) { listMemberships { id list active origin since until endReason causedBy { id } } supervision { level } } }`;
const state = async (id: string, as: Record<string, string> = AS.creditOffice) => (await gql(STATE, { id }, as)).data.subject;

describe('one membership per subject and list', () => {
  it('puts a subject with three causing records on the list once, with all three causes, and lets it go only with the last', async () => {
    const subject = company(1);
    const ids = await reportAll([
      gouging(subject, 'OM-1-A'),
      gouging(subject, 'OM-1-B'),
      gouging(subject, 'OM-1-C', 'SERIOUS', '2026-07-01'),
    ]);
    await pollAll();
    const [membership, ...others] = (await state(subject.creditCode)).listMemberships;
    expect(others).toEqual([]);
    expect(membership).toMatchObject({ list: 'JOINT_PUNISHMENT', active: true, origin: 'RULE', since: '2026-05-06', until: '2029-06-30' });
    expect(membership.causedBy.map((c: any) => c.id).sort()).toEqual([...ids].sort());
    // The public sees the organisation once on the published list, with its public causes.
    const publicView = await state(subject.creditCode, AS.public);
    expect(publicView.listMemberships).toHaveLength(1);

    // Two causes corrected away (no longer serious): the membership stays, held by the third.
    await reportAll([gouging(subject, 'OM-1-A', 'GENERAL'), gouging(subject, 'OM-1-C', 'GENERAL', '2026-07-01')]);
    await pollAll();
    const held = (await state(subject.creditCode)).listMemberships;
    expect(held).toEqual([expect.objectContaining({ id: membership.id, active: true, until: '2029-05-05', causedBy: [{ id: ids[1] }] })]);
    expect((await state(subject.creditCode)).supervision.level).toBe('D');

    // The last cause goes: the membership ends, saying why, and shows what had caused it.
    await reportAll([gouging(subject, 'OM-1-B', 'GENERAL')]);
    await pollAll();
    const ended = (await state(subject.creditCode)).listMemberships;
    expect(ended).toEqual([
      expect.objectContaining({ id: membership.id, active: false, endReason: '记录经更正后不再符合列入条件，移出名单' }),
    ]);
    expect(ended[0].causedBy.map((c: any) => c.id).sort()).toEqual([...ids].sort());
    expect((await state(subject.creditCode)).supervision.level).toBe('C');

    // A new cause later opens a new membership (the old one is history).
    const [again] = await reportAll([gouging(subject, 'OM-1-D')]);
    await pollAll();
    const after = (await state(subject.creditCode)).listMemberships;
    expect(after.filter((m: any) => m.active)).toEqual([expect.objectContaining({ list: 'JOINT_PUNISHMENT', causedBy: [{ id: again }] })]);
    expect(after).toHaveLength(2);
  });

  it('asks each unit for each measure once per subject, however many records cause the membership', async () => {
    const subject = company(2);
    await reportAll([gouging(subject, 'OM-2-A'), gouging(subject, 'OM-2-B'), gouging(subject, 'OM-2-C')]);
    await pollAll();
    const dues = (
      await gql(
        `query($id: ID!) { measuresFor(subject: $id, unit: "health") { measure { code } membership { id } } }`,
        { id: subject.creditCode },
        AS.health,
      )
    ).data.measuresFor;
    expect(dues.map((d: any) => d.measure.code).sort()).toEqual(['APPROVAL_RESTRICTION', 'CLOSER_INSPECTION']);
    const all = (
      await gql(
        `query($id: ID!) { measuresFor(subject: $id) { measure { code } unit { id } } }`,
        { id: subject.creditCode },
        AS.creditOffice,
      )
    ).data.measuresFor;
    const keys = all.map((d: any) => `${d.measure.code}|${d.unit.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const mine: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (
        await gql(
          `query($a: String) { measureCompliance(list: JOINT_PUNISHMENT, unit: "health", first: 100, after: $a) { edges { node { subject { id } measure { code } } } pageInfo { hasNextPage endCursor } } }`,
          { a: after },
          AS.creditOffice,
        )
      ).data.measureCompliance;
      mine.push(...page.edges.filter((e: any) => e.node.subject?.id === subject.creditCode).map((e: any) => e.node.measure.code));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(mine.sort()).toEqual(['APPROVAL_RESTRICTION', 'CLOSER_INSPECTION']);
  });

  it('opens one membership when two causing events are applied at once', async () => {
    const subject = company(3);
    // Two units' reports of the same day, sent at once: one membership with both causes.
    await Promise.all([reportAll([gouging(subject, 'OM-3-A')]), reportAll([gouging(subject, 'OM-3-B')])]);
    const incentives = ctx.system.db.incentives;
    await pollAll();
    expect((await state(subject.creditCode)).listMemberships).toEqual([
      expect.objectContaining({ active: true, causedBy: expect.arrayContaining([expect.anything(), expect.anything()]) }),
    ]);
    // Re-assessments racing (two consumers, the hourly sweep, another instance) after the membership ended: one opens it again.
    await incentives.execute(
      sql`update incentives.list_memberships set ended_at = now(), end_reason = 'test' where subject_id = ${subject.creditCode}`,
    );
    await Promise.all([
      incentives.transaction((tx) => reassessSubjects(tx, [subject.creditCode])),
      incentives.transaction((tx) => reassessSubjects(tx, [subject.creditCode])),
      incentives.transaction((tx) => reassessSubjects(tx, [subject.creditCode])),
    ]);
    const open = await queryRows<{ id: string; causes: number }>(
      incentives.execute(sql`select m.id, count(c.record_id)::int as causes from incentives.list_memberships m
      join incentives.membership_causes c on c.membership_id = m.id where m.subject_id = ${subject.creditCode} and m.ended_at is null group by m.id`),
    );
    expect(open).toEqual([{ id: expect.any(String), causes: 2 }]);
    // And the database itself refuses a second open membership of the same list.
    const error = await databaseError(
      incentives.execute(
        sql`insert into incentives.list_memberships (subject_id, list, reason, since, origin) values (${subject.creditCode}, 'JOINT_PUNISHMENT', '重复', '2026-05-06', 'RULE')`,
      ),
    );
    expect(error).toMatch(/list_memberships_one_open_idx|duplicate key/);
  });

  it('shows every subject of the demo data once per list, in listMembers, exemplars and the compliance counts', async () => {
    const incentives = ctx.system.db.incentives;
    const duplicates = await queryRows(
      incentives.execute(
        sql`select subject_id, list, count(*) from incentives.list_memberships where ended_at is null group by 1, 2 having count(*) > 1`,
      ),
    );
    expect(duplicates).toEqual([]);
    for (const list of ['RED', 'JOINT_PUNISHMENT', 'KEY_ATTENTION']) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: any = (
          await gql(
            `query($l: CreditList!, $a: String) { listMembers(list: $l, first: 100, after: $a) { edges { node { subject { id } } } pageInfo { hasNextPage endCursor } } }`,
            { l: list, a: after },
            AS.creditOffice,
          )
        ).data.listMembers;
        seen.push(...page.edges.map((e: any) => e.node.subject.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(seen).size, list).toBe(seen.length);
      if (list !== 'KEY_ATTENTION') expect(seen.length, list).toBeGreaterThan(0);
    }
    const exemplars = (await gql(`{ exemplars(first: 100) { edges { node { subject { id } displayName } } } }`)).data.exemplars.edges.map(
      (e: any) => e.node.subject?.id ?? e.node.displayName,
    );
    expect(new Set(exemplars).size).toBe(exemplars.length);
    const summary = (
      await gql(`{ measureComplianceSummary(list: JOINT_PUNISHMENT) { measure { code } unit { id } due } }`, {}, AS.creditOffice)
    ).data.measureComplianceSummary;
    const [{ n }] = (await queryRows<{ n: number }>(
      incentives.execute(sql`select count(distinct subject_id)::int as n from incentives.list_memberships
      where list = 'JOINT_PUNISHMENT' and ended_at is null and (until is null or until >= ((now() at time zone 'UTC') + interval '8 hours')::date)`),
    )) as [{ n: number }];
    for (const row of summary) expect(row.due, `${row.measure.code} ${row.unit?.id}`).toBe(n);
  });
});

describe('the migration that merges duplicate memberships', () => {
  it('keeps one open membership per subject and list with every cause and feedback report, and the others as merged history', async () => {
    const conn = await openTestConnection();
    try {
      const folder = new URL('../subgraphs/incentives/migrations/', import.meta.url);
      // The schema as released before: migrations up to 0006.
      const before = mkdtempSync(join(tmpdir(), 'incentives-0006-'));
      cpSync(folder, before, { recursive: true });
      const journalPath = join(before, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
      journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0007');
      writeFileSync(journalPath, JSON.stringify(journal));
      await conn.migrate('incentives', pathToFileURL(`${before}/`));
      const db = conn.forSubgraph('incentives');
      const rec = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const org = makeCreditCode('91320585MG0000001');
      // Three open joint-punishment memberships, one per record; one red membership that is already ended.
      await db.execute(sql`insert into incentives.list_memberships (id, subject_id, list, reason, since, until, origin, created_at) values
        (${rec(101)}, ${org}, 'JOINT_PUNISHMENT', '严重违法失信', '2026-05-06', '2029-05-05', 'RULE', now()),
        (${rec(102)}, ${org}, 'JOINT_PUNISHMENT', '严重违法失信', '2026-03-01', '2029-02-28', 'RULE', now()),
        (${rec(103)}, ${org}, 'JOINT_PUNISHMENT', '严重违法失信', '2026-07-01', '2029-06-30', 'RULE', now()),
        (${rec(104)}, ${org}, 'RED', '荣誉', '2025-01-01', '2027-01-01', 'RULE', now())`);
      await db.execute(
        sql`update incentives.list_memberships set ended_at = now(), end_reason = '存在有效失信记录，移出诚信典型名单' where id = ${rec(104)}`,
      );
      await db.execute(
        sql`insert into incentives.membership_causes (membership_id, record_id) values (${rec(101)}, ${rec(1)}), (${rec(102)}, ${rec(2)}), (${rec(103)}, ${rec(3)}), (${rec(104)}, ${rec(4)})`,
      );
      await db.execute(sql`insert into incentives.measure_feedback (unit_id, reference, subject_id, measure, membership_id, outcome, applied_on, result) values
        ('health', '太卫监〔2026〕1号', ${org}, 'CLOSER_INSPECTION', ${rec(103)}, 'APPLIED', '2026-07-02', '已提高抽查比例')`);

      await conn.migrate('incentives', folder);
      const rows = await queryRows<{
        id: string;
        list: string;
        since: string;
        until: string;
        open: boolean;
        merged_into: string | null;
        end_reason: string | null;
      }>(
        db.execute(
          sql`select id, list, since::text, until::text, ended_at is null as open, merged_into, end_reason from incentives.list_memberships order by id`,
        ),
      );
      const survivor = rows.find((r) => r.id === rec(102))!; // the earliest
      expect(survivor).toMatchObject({ list: 'JOINT_PUNISHMENT', since: '2026-03-01', until: '2029-06-30', open: true, merged_into: null });
      expect(rows.filter((r) => r.merged_into)).toEqual([
        expect.objectContaining({ id: rec(101), open: false, merged_into: rec(102), end_reason: '与同一名单的列入记录合并' }),
        expect.objectContaining({ id: rec(103), open: false, merged_into: rec(102) }),
      ]);
      expect(rows.find((r) => r.id === rec(104))).toMatchObject({
        open: false,
        merged_into: null,
        end_reason: '存在有效失信记录，移出诚信典型名单',
      });
      const causes = await queryRows<{ record_id: string }>(
        db.execute(sql`select record_id from incentives.membership_causes where membership_id = ${rec(102)} order by record_id`),
      );
      expect(causes.map((c) => c.record_id)).toEqual([rec(1), rec(2), rec(3)]);
      const feedback = await queryRows<{ membership_id: string }>(db.execute(sql`select membership_id from incentives.measure_feedback`));
      expect(feedback).toEqual([{ membership_id: rec(102) }]);
      // From now on the database holds the rule: no second open membership of a list.
      expect(
        await databaseError(
          db.execute(
            sql`insert into incentives.list_memberships (subject_id, list, reason, since) values (${org}, 'JOINT_PUNISHMENT', 'x', '2026-01-01')`,
          ),
        ),
      ).toMatch(/duplicate key|one_open/);
    } finally {
      await conn.close();
    }
  });
});
