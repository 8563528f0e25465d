/**
 * Intake writes a batch set-based (row-sets.ts: one statement per table, idempotent-write.ts: corrections in
 * rounds, a failing batch split in halves). What that could break, attacked: a key twice in one batch, a batch
 * mixing every outcome, a retry after a failure, concurrent batches over the same keys, breaches of a
 * commitment corrected in the same batch, an item the database refuses.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import type { Principal } from '../subgraphs/kit/principal.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { finePenalty } from './support/penalty.js';
import { AS_PRINCIPAL, useRecordsSubgraph } from './support/records-subgraph.js';

const records = useRecordsSubgraph();
const today = chinaToday();

const REPORT = /* GraphQL */ `
  mutation($input: [RecordReportInput!]!) {
    reportRecords(input: $input) {
      index unitReference outcome problems { field reason }
      record { id version facts history { version content } }
    }
  }
`;

const company = (n: number) => ({ creditCode: makeCreditCode(`91320585BK${String(n).padStart(7, '0')}`), name: `集合写入${n}号商行` });
let serial = 0;
const fine = (overrides: Record<string, unknown> = {}) => ({
  subject: company(1),
  category: 'PRICE_NOT_MARKED',
  decisionDate: addDays(today, -20),
  facts: '未明码标价。',
  penalty: finePenalty('0.2'),
  unitReference: `太市监价罚〔2026〕SB${++serial}号`,
  ...overrides,
});
const report = async (input: unknown[], principal: Principal = AS_PRINCIPAL.market) => {
  const result = await records.run(REPORT, { input }, principal);
  expect(result.errors).toBeUndefined();
  return result.data!.reportRecords as any[];
};

interface Stored {
  id: string;
  version: number;
  facts: string;
  commitment_status: string | null;
  breach_record_id: string | null;
  breach_of_record_id: string | null;
}
const stored = (reference: string) =>
  records.rows<Stored>(
    sql`select id, version, facts, commitment_status, breach_record_id, breach_of_record_id from records.credit_records where unit_reference = ${reference}`,
  );
const versions = (recordId: string) =>
  records.rows<{ version: number; facts: string }>(
    sql`select version, content->>'facts' as facts from records.record_versions where record_id = ${recordId}::uuid order by version`,
  );
/** Events published about these records, in log order. */
const eventsAbout = (recordIds: string[]) =>
  records.rows<{ type: string; id: string; version: number }>(
    sql`select type, payload->>'id' as id, (payload->>'version')::int as version from records.outbox
        where payload->>'id' in (select unnest(${`{${recordIds.join(',')}}`}::text[])) order by outbox.txid, outbox.id`,
  );
const seenCount = async (subjectId: string) =>
  Number(
    (
      await records.rows<{ n: number }>(
        sql`select count(*)::int as n from records.outbox where type = 'subject.seen' and subject_id = ${subjectId}`,
      )
    )[0]!.n,
  );

describe('the JSON a batch travels as', () => {
  it('stores text as it was sent: quotes, backslashes, line breaks, tabs and characters beyond the BMP', async () => {
    const facts = '当事人称"已整改"\\备注：\n第二行\t制表 😀 \u2028 结束';
    const item = fine({ subject: company(5), facts, legalBasis: '《价格法》第13条 \\ "明码标价"' });
    const [result] = await report([item]);
    expect(result.outcome).toBe('CREATED');
    expect((await stored(item.unitReference))[0]!.facts).toBe(facts);
    expect((await report([item]))[0].outcome).toBe('DUPLICATE');
  });
});

describe('one key twice in one batch', () => {
  it('stores the same content once: the second item is a DUPLICATE of the first, with one event', async () => {
    const item = fine({ subject: company(10) });
    const [first, second] = await report([item, item]);
    expect(first).toMatchObject({ outcome: 'CREATED', record: { version: 1 } });
    expect(second).toMatchObject({ outcome: 'DUPLICATE', record: { id: first.record.id, version: 1 } });
    expect(await stored(item.unitReference)).toHaveLength(1);
    expect(await eventsAbout([first.record.id])).toEqual([{ type: 'record.created', id: first.record.id, version: 1 }]);
  });

  it('decides each later item against what the earlier ones left: created, corrected, corrected again, a duplicate of the last', async () => {
    const item = fine({ subject: company(11) });
    const results = await report([item, { ...item, facts: '第二版' }, { ...item, facts: '第三版' }, { ...item, facts: '第三版' }]);
    expect(results.map((r) => [r.outcome, r.record.version, r.record.facts])).toEqual([
      ['CREATED', 1, '未明码标价。'],
      ['CORRECTED', 2, '第二版'],
      ['CORRECTED', 3, '第三版'],
      ['DUPLICATE', 3, '第三版'],
    ]);
    const [row] = await stored(item.unitReference);
    expect(row).toMatchObject({ version: 3, facts: '第三版' });
    expect(await versions(row!.id)).toEqual([
      { version: 1, facts: '未明码标价。' },
      { version: 2, facts: '第二版' },
    ]);
    expect((await eventsAbout([row!.id])).map((e) => [e.type, e.version])).toEqual([
      ['record.created', 1],
      ['record.changed', 2],
      ['record.changed', 3],
    ]);
  });

  it('corrects a stored record twice in one batch, keeping both replaced versions', async () => {
    const item = fine({ subject: company(12) });
    const [created] = await report([item]);
    const results = await report([
      { ...item, facts: 'A' },
      { ...item, facts: 'B' },
    ]);
    expect(results.map((r) => [r.outcome, r.record.id, r.record.version])).toEqual([
      ['CORRECTED', created.record.id, 2],
      ['CORRECTED', created.record.id, 3],
    ]);
    expect((await versions(created.record.id)).map((v) => v.facts)).toEqual(['未明码标价。', 'A']);
  });
});

describe('a batch of every outcome', () => {
  it('answers new, duplicate, correction and rejected items each for itself, in order, and publishes only for what changed', async () => {
    const known = fine({ subject: company(20) });
    const toCorrect = fine({ subject: company(21) });
    const [a, b] = await report([known, toCorrect]);
    const fresh = fine({ subject: company(22) });
    const results = await report([
      fine({ category: 'NO_SUCH_CATEGORY' }),
      known,
      { ...toCorrect, facts: '更正后的事实' },
      fresh,
      fine({ decisionDate: '2099-01-01' }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['REJECTED', 'DUPLICATE', 'CORRECTED', 'CREATED', 'REJECTED']);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(results[0].problems[0].field).toBe('input[0].category');
    expect(results[4].problems[0].field).toBe('input[4].decisionDate');
    expect(results[1].record.id).toBe(a.record.id);
    expect(results[2].record).toMatchObject({ id: b.record.id, version: 2, facts: '更正后的事实' });
    const events = await eventsAbout([a.record.id, b.record.id, results[3].record.id]);
    expect(events.map((e) => [e.type, e.id, e.version])).toEqual([
      ['record.created', a.record.id, 1],
      ['record.created', b.record.id, 1],
      ['record.changed', b.record.id, 2],
      ['record.created', results[3].record.id, 1],
    ]);
    // Subjects hear of a subject with each record stored or corrected, never with a duplicate.
    const subjectOf = async (id: string) =>
      (await records.rows<{ subject_id: string }>(sql`select subject_id from records.credit_records where id = ${id}::uuid`))[0]!
        .subject_id;
    expect([
      await seenCount(await subjectOf(a.record.id)),
      await seenCount(await subjectOf(b.record.id)),
      await seenCount(await subjectOf(results[3].record.id)),
    ]).toEqual([1, 2, 1]);
  });
});

describe('a subject named by many items of one batch', () => {
  it('is announced once, first, with the first item\u2019s name, before any of its records; another batch announces it again', async () => {
    const subject = company(30);
    const other = company(31);
    const items = [fine({ subject }), fine({ subject: other }), fine({ subject: { ...subject, name: '改名后的商行' } }), fine({ subject })];
    const results = await report(items);
    expect(results.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED', 'CREATED', 'CREATED']);
    const subjectId = (
      await records.rows<{ subject_id: string }>(
        sql`select subject_id from records.credit_records where id = ${results[0].record.id}::uuid`,
      )
    )[0]!.subject_id;
    const log = await records.rows<{ type: string; subject_id: string; name: string | null }>(
      sql`select type, subject_id, payload->>'name' as name from records.outbox
          where subject_id in (select subject_id from records.credit_records where id in (${results[0].record.id}::uuid, ${results[1].record.id}::uuid))
          order by txid, id`,
    );
    const mine = log.filter((e) => e.subject_id === subjectId);
    expect(mine.map((e) => e.type)).toEqual(['subject.seen', 'record.created', 'record.created', 'record.created']);
    expect(mine[0]!.name).toBe(subject.name);
    expect(log.filter((e) => e.type === 'subject.seen')).toHaveLength(2);
    // Each batch stands alone: a later one names the subject again (subjects leaves an open file as it is).
    await report([fine({ subject })]);
    expect(await seenCount(subjectId)).toBe(2);
  });
});

describe('an item the database refuses', () => {
  beforeAll(async () => {
    // A rule of this test's own database that intake does not check: its insert fails as a constraint would.
    await records.db.execute(sql`alter table records.credit_records add constraint attack_refused check (facts <> '数据库拒收')`);
  });

  it('fails alone: every other item of the batch is stored, the refused one says to send it again', async () => {
    const items = Array.from({ length: 9 }, (_, i) => fine({ subject: company(30 + i), facts: i === 6 ? '数据库拒收' : `事实${i}` }));
    const results = await report(items);
    expect(results.map((r) => r.outcome)).toEqual([
      'CREATED',
      'CREATED',
      'CREATED',
      'CREATED',
      'CREATED',
      'CREATED',
      'REJECTED',
      'CREATED',
      'CREATED',
    ]);
    expect(results[6].problems).toEqual([{ field: 'input[6]', reason: '未能保存，请重新报送' }]);
    expect(await stored(items[6]!.unitReference)).toEqual([]);
    // Nothing of the refused item was published; each stored one has its one event.
    const ids = results.filter((r) => r.record).map((r) => r.record.id);
    expect((await eventsAbout(ids)).map((e) => e.id).sort()).toEqual([...ids].sort());
  });

  it('stores nothing twice when the same batch is sent again after the failure', async () => {
    const items = Array.from({ length: 5 }, (_, i) => fine({ subject: company(40 + i), facts: i === 2 ? '数据库拒收' : `事实${i}` }));
    const first = await report(items);
    const again = await report(items);
    expect(again.map((r) => r.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'REJECTED', 'DUPLICATE', 'DUPLICATE']);
    again.forEach((r, i) => expect(r.record?.id ?? null).toBe(first[i].record?.id ?? null));
    for (const item of items) expect((await stored(item.unitReference)).length).toBe(item.facts === '数据库拒收' ? 0 : 1);
    const ids = first.filter((r) => r.record).map((r) => r.record.id);
    expect(await eventsAbout(ids)).toHaveLength(4);
    // Fixed and sent again, the refused line is stored; the others are still the same records.
    const fixed = await report(items.map((item) => (item.facts === '数据库拒收' ? { ...item, facts: '补正后的事实' } : item)));
    expect(fixed.map((r) => r.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'CREATED', 'DUPLICATE', 'DUPLICATE']);
  });

  it('corrects set-based and still refuses only the correction the database refuses', async () => {
    const items = [fine({ subject: company(50) }), fine({ subject: company(51) }), fine({ subject: company(52) })];
    const created = await report(items);
    const results = await report([
      { ...items[0], facts: '更正一' },
      { ...items[1], facts: '数据库拒收' },
      { ...items[2], facts: '更正三' },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['CORRECTED', 'REJECTED', 'CORRECTED']);
    expect(await stored(items[1]!.unitReference)).toMatchObject([{ id: created[1].record.id, version: 1, facts: '未明码标价。' }]);
    expect(await versions(created[1].record.id)).toEqual([]);
    expect((await versions(created[0].record.id)).map((v) => v.facts)).toEqual(['未明码标价。']);
  });
});

describe('concurrent batches over the same document numbers', () => {
  it('store each once; every result names the one record, and a changed overlap is a correction of it', async () => {
    const items = Array.from({ length: 90 }, (_, i) => fine({ subject: company(100 + i), unitReference: `CONC-${i}` }));
    const a = items.slice(0, 60);
    // The overlap (30..59) sent by B with other facts: each is created by one batch and corrected by the other.
    const b = items.slice(30).map((item, i) => (i < 30 ? { ...item, facts: `B的事实${i}` } : item));
    const [ra, rb] = await Promise.all([report(a), report(b)]);
    const rows = await records.rows<{ unit_reference: string; id: string; version: number; facts: string }>(
      sql`select unit_reference, id, version, facts from records.credit_records where unit_reference like 'CONC-%'`,
    );
    expect(rows).toHaveLength(90);
    const byReference = new Map(rows.map((row) => [row.unit_reference, row]));
    for (let i = 0; i < 90; i++) {
      const row = byReference.get(`CONC-${i}`)!;
      const results = [...(i < 60 ? [ra[i]] : []), ...(i >= 30 ? [rb[i - 30]] : [])];
      for (const result of results) expect(result.record.id).toBe(row.id);
      if (i >= 30 && i < 60) {
        // One created it at version 1, the other corrected it to version 2; the row holds the later one.
        expect(results.map((r) => r.outcome).sort()).toEqual(['CORRECTED', 'CREATED']);
        const corrected = results.find((r) => r.outcome === 'CORRECTED')!;
        expect(row).toMatchObject({ version: 2, facts: corrected.record.facts });
        expect(await versions(row.id)).toHaveLength(1);
      } else expect(results.map((r) => r.outcome)).toEqual(['CREATED']);
    }
    expect((await eventsAbout(rows.map((row) => row.id))).filter((e) => e.type === 'record.created')).toHaveLength(90);
  });
});

describe('breaches of a commitment in the same batch', () => {
  const pledge = (n: number) => ({
    subject: company(n),
    category: 'PRICE_SELF_DISCIPLINE',
    decisionDate: addDays(today, -60),
    facts: '签署防疫物资价格自律承诺书',
    unitReference: `PLEDGE-SB-${n}`,
  });
  const gouging = (n: number, commitmentId: string, extra: Record<string, unknown> = {}) =>
    fine({
      subject: company(n),
      category: 'PRICE_GOUGING',
      facts: '哄抬口罩价格',
      penalty: finePenalty('1'),
      breachesCommitment: commitmentId,
      ...extra,
    });

  it('marks the commitment corrected in the same batch BREACHED by the first breach, each breach linked to it', async () => {
    const [commitment] = await report([pledge(200)]);
    const commitmentId = commitment.record.id as string;
    const results = await report([
      { ...pledge(200), facts: '签署防疫物资价格自律承诺书（补充条款）' },
      gouging(200, commitmentId),
      gouging(200, commitmentId),
      gouging(201, commitmentId),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['CORRECTED', 'CREATED', 'CREATED', 'REJECTED']);
    expect(results[3].problems).toEqual([{ field: 'input[3].breachesCommitment', reason: '所指信用承诺属于另一信用主体' }]);
    const [row] = await stored(pledge(200).unitReference);
    expect(row).toMatchObject({
      version: 2,
      facts: '签署防疫物资价格自律承诺书（补充条款）',
      commitment_status: 'BREACHED',
      breach_record_id: results[1].record.id,
    });
    for (const breach of [results[1], results[2]])
      expect(
        (await records.rows<Stored>(sql`select breach_of_record_id from records.credit_records where id = ${breach.record.id}::uuid`))[0],
      ).toMatchObject({ breach_of_record_id: commitmentId });
    // The commitment's last event is its breach, so consumers end with what is stored.
    const events = await eventsAbout([commitmentId]);
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['record.created', 1],
      ['record.changed', 2],
      ['record.changed', 2],
    ]);
  });

  it('keeps the first breach on a commitment already breached, and a later correction of the commitment keeps it BREACHED', async () => {
    const [commitment] = await report([pledge(210)]);
    const [first] = await report([gouging(210, commitment.record.id)]);
    const [, later, again] = await report([pledge(210), gouging(210, commitment.record.id), { ...pledge(210), facts: '承诺书第二版' }]);
    expect(later.outcome).toBe('CREATED');
    expect(again.outcome).toBe('CORRECTED');
    expect((await stored(pledge(210).unitReference))[0]).toMatchObject({
      commitment_status: 'BREACHED',
      breach_record_id: first.record.id,
      version: 2,
    });
  });
});
