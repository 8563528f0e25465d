import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cursorsBehind, growDatabase, GROWN_TABLES, type GrowthReport } from '../scripts/bench/growth.js';
import { BENCH_QUERIES } from '../scripts/bench/queries.js';
import { reassessSubjects } from '../subgraphs/incentives/consequences.js';
import { checkCreditCode } from '../subgraphs/kit/identifiers.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { announceShownStatuses } from '../subgraphs/records/sweep-store.js';
import { post, useSeededSystem } from './support/system.js';

/**
 * bench:growth's ratio means something only if the generated city is what intake and the consumers would
 * have left: every record projected where the consumers project it, memberships and points as the rules
 * decide them, nothing left for a consumer or the sweep to do, and the demo company's file untouched.
 * Small (300 files, 3,000 records), on PGlite or PostgreSQL as the run is.
 */
const SUBJECTS = 300;
const RECORDS = 3000;
const [AUDITED, PUBLIC] = BENCH_QUERIES as [(typeof BENCH_QUERIES)[0], (typeof BENCH_QUERIES)[0]];

describe('bench:growth: the generator', () => {
  const handle = useSeededSystem();
  const db = () => handle.system.db.records;
  const query = async <T>(text: string) => rowsOf<T>(await db().execute(sql.raw(text)));
  const count = async (table: string) => Number((await query<{ n: string }>(`select count(*)::text as n from ${table}`))[0]!.n);
  const ask = (q: (typeof BENCH_QUERIES)[0], code = String(q.variables.code)) =>
    post(handle.system.gateway.url, q.query, { code }, q.headers).then((r) => JSON.stringify(r.body));
  const before = new Map<string, number>();
  const answers: string[] = [];
  let growth: GrowthReport;
  /** The demo set's files, and after growth every file. */
  let demoFiles: Set<string>;
  let files: string[];

  beforeAll(async () => {
    // As a start of the services leaves the demo set: records' sweep has announced the shown statuses, and
    // every consumer has read them (the test image is taken before any housekeeping ran).
    await announceShownStatuses(handle.system.db.records);
    await handle.settle();
    for (const table of GROWN_TABLES) before.set(table, await count(table));
    answers.push(await ask(AUDITED), await ask(PUBLIC));
    demoFiles = new Set((await query<{ id: string }>('select id from subjects.subjects')).map((row) => row.id));
  });

  it('refuses to grow while a consumer has not read its producer to the end, and writes nothing', async () => {
    await db().execute(
      sql`insert into records.outbox (type, subject_id, payload) values ('bench.unread', '91320585016648258N', '{}'::jsonb)`,
    );
    expect(await cursorsBehind(db())).not.toEqual([]);
    await expect(growDatabase(db(), { subjects: 10, records: 10 })).rejects.toThrow(/have not read everything/);
    expect(await count('subjects.subjects')).toBe(before.get('subjects.subjects'));
    await handle.settle();
    expect(await cursorsBehind(db())).toEqual([]);
    await expect(growDatabase(db(), { subjects: 0, records: 10 })).rejects.toThrow(/whole number of subjects/);
  });

  it('adds exactly the subjects and records asked for, and reports each table as written', async () => {
    for (const table of GROWN_TABLES) before.set(table, await count(table));
    growth = await growDatabase(db(), { subjects: SUBJECTS, records: RECORDS, chunkRecords: 700 });
    expect(growth.chunks).toBeGreaterThan(3);
    expect(await count('subjects.subjects')).toBe(before.get('subjects.subjects')! + SUBJECTS);
    expect(await count('records.credit_records')).toBe(before.get('records.credit_records')! + RECORDS);
    for (const table of GROWN_TABLES) {
      const written = growth.rows.get(table) ?? 0;
      expect({ table, grew: (await count(table)) - before.get(table)! }).toEqual({ table, grew: written });
    }
    // Every kind of row a record or a subject becomes is there (the demo set has each).
    for (const table of GROWN_TABLES) expect({ table, written: (growth.rows.get(table) ?? 0) > 0 }).toEqual({ table, written: true });
    files = (await query<{ id: string }>('select id from subjects.subjects order by id')).map((row) => row.id);
    expect(await query(`select from pg_namespace where nspname = 'bench_growth'`)).toEqual([]);
  });

  it('gives most files 0–20 records and a few organisations many, with valid credit codes', async () => {
    const perFile = (
      await query<{ id: string; kind: string; n: number }>(`
        select s.id, s.kind, count(r.id)::int as n from subjects.subjects s left join records.credit_records r on r.subject_id = s.id
        group by s.id, s.kind`)
    ).filter((f) => !demoFiles.has(f.id));
    expect(perFile).toHaveLength(SUBJECTS);
    const counts = perFile.map((f) => f.n);
    expect(counts.filter((n) => n <= 20).length / SUBJECTS).toBeGreaterThan(0.8);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(100);
    expect(growth.hot!.records).toBe(perFile.find((f) => f.id === growth.hot!.id)!.n);
    const organisations = perFile.filter((f) => f.kind !== 'NATURAL_PERSON');
    expect(organisations.length).toBeGreaterThan(SUBJECTS / 2);
    for (const { id } of organisations) expect(checkCreditCode(id)).toMatchObject({ ok: true });
    expect(growth.typical.length).toBeGreaterThan(0);
  });

  it('projects every record and file where the consumers do, with the same facts', async () => {
    const [mismatch] = await query<{ facts: number; projection: number; directories: number }>(`
      select
        (select count(*)::int from records.credit_records r left join incentives.record_facts f on f.record_id = r.id
          where f.record_id is null or (f.subject_id, f.kind, f.category, f.version) is distinct from (r.subject_id, r.kind, r.category, r.version)) as facts,
        (select count(*)::int from records.credit_records r left join repairs.record_projection p on p.record_id = r.id
          where p.record_id is null or (p.subject_id, p.kind, p.category, p.decision_date) is distinct from (r.subject_id, r.kind, r.category, r.decision_date)) as projection,
        (select count(*)::int from subjects.subjects s
          left join records.subject_directory a on a.subject_id = s.id left join incentives.subject_facts b on b.subject_id = s.id
          left join repairs.subject_projection c on c.subject_id = s.id
          where (a.kind, a.tags) is distinct from (s.kind, s.tags) or (b.kind, b.tags) is distinct from (s.kind, s.tags)
            or (c.kind, c.tags) is distinct from (s.kind, s.tags)) as directories`);
    expect(mismatch).toEqual({ facts: 0, projection: 0, directories: 0 });
    // Cases and their history belong to the generated record's own file.
    const [cases] = await query<{ n: number }>(`
      select count(*)::int as n from repairs.repair_applications a join records.credit_records r on r.id = a.record_id where a.subject_id <> r.subject_id`);
    expect(cases!.n).toBe(0);
  });

  it('leaves nothing for a consumer, the sweep or the rules to do', async () => {
    expect(await cursorsBehind(db())).toEqual([]);
    for (const consumer of handle.system.consumers) expect(await consumer.pollOnce()).toBe(0);
    expect(await announceShownStatuses(handle.system.db.records)).toBe(0);
    const digest = `select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as d from (
      select id::text, subject_id, list, since, until, ended_at is null as open from incentives.list_memberships
      union all select membership_id::text, record_id::text, null, null, null, lifted_at is null from incentives.membership_causes
      union all select subject_id, record_id::text, delta::text, null, null, null from incentives.points_entries) x`;
    const incentives = handle.system.db.incentives;
    const [held] = rowsOf<{ d: string }>(await incentives.execute(sql.raw(digest)));
    // The rules' own re-assessment of every file (demo and generated) would change nothing: rolled back after the look.
    const rolledBack = new Error('rolled back');
    await expect(
      incentives.transaction(async (tx) => {
        for (let i = 0; i < files.length; i += 200) await reassessSubjects(tx, files.slice(i, i + 200));
        const [after] = rowsOf<{ d: string }>(await tx.execute(sql.raw(digest)));
        expect(after!.d).toBe(held!.d);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });

  it("reads the demo company's credit file byte for byte as before, and a generated file with all its records", async () => {
    expect([await ask(AUDITED), await ask(PUBLIC)]).toEqual(answers);
    const hot = JSON.parse(await ask(AUDITED, growth.hot!.id)) as { data: { subjectByCode: { creditRecords: unknown[] } } };
    expect(hot.data.subjectByCode.creditRecords).toHaveLength(growth.hot!.records);
  });
});
