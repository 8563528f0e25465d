/**
 * bench:growth's generator: grows a seeded bench database to `subjects` more credit files and `records` more
 * records, in SQL only (INSERT … SELECT over generate_series, a chunk of whole subjects a transaction), with
 * everything the five subgraphs keep of a subject and a record once intake and the consumers have been through:
 *  - a subject: its file (subjects.subjects), the copies of kind, town and tags (records.subject_directory,
 *    incentives.subject_facts, repairs.subject_projection), its subject.registered event, designations, licences;
 *  - a record: records.credit_records, its subject.seen (first record of a subject) and record.created events,
 *    incentives.record_facts, repairs.record_projection, the sweep's announcement, earlier versions, Loucheng
 *    points, repair applications and objections with their state history, and list memberships with their causes.
 *
 * Every generated row is a copy of a demo row (the seed's own, written through the doors by the real
 * workflows), so kinds, categories, severities, statuses, dates, disclosure, facts and penalties are the demo
 * set's, and so is what the consumers made of them: a generated record carries its demo record's facts,
 * projection, announcement, earlier versions, points and cases. List memberships are decided afresh for each
 * generated file from its records with the list rules (incentives/rules.ts LIST_RULES, as desiredMemberships
 * and planSubject decide them today): one membership per list, open while a cause is wanted, its other causes
 * lifted with the rules' reasons; the rules' own re-assessment of such a file changes nothing
 * (tests/bench-growth.test.ts). Not generated: the breach links between commitments and records (left empty)
 * and repairs' own events (their effects are in the copied statuses). The demo subjects themselves get
 * nothing: their credit files read the same as before.
 *
 * Records per subject: exponential around the mean (most files 0–20 records), and about one organisation in a
 * thousand hot (hundreds to thousands), apportioned so the total is exactly `records`. Record ids are uuid-v4
 * shaped and a chunk's records are written in id order, so one file's records lie on different pages, as years
 * of intake leave them; the choice of template and subject is a hash of the row's number, so a run is the same
 * every time.
 */
import { sql as raw } from 'drizzle-orm';
import type { Db } from '../../subgraphs/kit/db.js';
import type { Tx } from '../../subgraphs/kit/events.js';
import { rowsOf } from '../../subgraphs/kit/rows.js';
import { chunkSteps, G, HELPERS, HOT_CAP, HOT_PICK_MAX, HOT_SCALE, HOT_SHARE, TEMPLATES } from './growth-sql.js';

export { HOT_PICK_MAX };

export interface GrowthOptions {
  subjects: number;
  records: number;
  /** About this many records a transaction (whole subjects). */
  chunkRecords?: number;
  say?: (line: string) => void;
}

export interface GrowthReport {
  subjects: number;
  records: number;
  chunks: number;
  /** Time spent per phase, summed over the chunks, ms (insertion order is the report's order). */
  phases: Map<string, number>;
  totalMs: number;
  /** Rows written per table. */
  rows: Map<string, number>;
  /** A generated organisation with many records (the most, up to HOT_PICK_MAX), and how many. */
  hot: { id: string; records: number } | null;
  /** Generated organisations with a typical file (5–20 records), for reads of many different files. */
  typical: string[];
}

/** The tables bench:growth writes, vacuumed and analysed after it. */
export const GROWN_TABLES = [
  'subjects.subjects',
  'subjects.outbox',
  'subjects.designations',
  'records.credit_records',
  'records.outbox',
  'records.record_announcements',
  'records.record_versions',
  'records.administrative_licences',
  'records.subject_directory',
  'incentives.record_facts',
  'incentives.subject_facts',
  'incentives.points_entries',
  'incentives.list_memberships',
  'incentives.membership_causes',
  'repairs.record_projection',
  'repairs.subject_projection',
  'repairs.repair_applications',
  'repairs.objections',
  'repairs.state_changes',
] as const;

/** Which consumer's cursor follows which producer's log (the `consumes` of each subgraph's events.ts). */
const CURSORS: { consumer: string; producer: 'records' | 'subjects' }[] = [
  { consumer: 'subjects', producer: 'records' },
  { consumer: 'records', producer: 'subjects' },
  { consumer: 'repairs', producer: 'subjects' },
  { consumer: 'repairs', producer: 'records' },
  { consumer: 'incentives', producer: 'subjects' },
  { consumer: 'incentives', producer: 'records' },
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const thousands = (n: number) => n.toLocaleString('en-US');

/** One raw statement on a database handle or in a transaction. */
const run = (db: Db | Tx, text: string) => db.execute(raw.raw(text));
const rowsFrom = async <T>(db: Db | Tx, text: string): Promise<T[]> => rowsOf<T>(await run(db, text));

/** Rows an INSERT wrote: postgres-js reports `count`, PGlite `affectedRows`. */
function affected(result: unknown): number {
  if (result && typeof result === 'object') {
    if ('count' in result && typeof result.count === 'number') return result.count;
    if ('affectedRows' in result && typeof result.affectedRows === 'number') return result.affectedRows;
  }
  return 0;
}

/** Where each consumer stands against the end of its producer's log: the ones not at the end, described. */
export async function cursorsBehind(db: Db): Promise<string[]> {
  const behind: string[] = [];
  for (const { consumer, producer } of CURSORS) {
    const [row] = await rowsFrom<{ ok: boolean; cursor: string | null; last: string | null }>(
      db,
      `select (c.txid is not distinct from l.txid::text and c.event_id is not distinct from l.id) as ok,
        c.txid || ':' || c.event_id as cursor, l.txid::text || ':' || l.id as last
      from (select txid, id from ${producer}.outbox order by txid desc, id desc limit 1) l
      full join (select txid, event_id from ${consumer}.consumer_cursors where producer = '${producer}') c on true`,
    );
    if (row && !row.ok && row.last !== null)
      behind.push(`${consumer} reads ${producer} at ${row.cursor ?? 'nothing'}, log ends at ${row.last}`);
  }
  return behind;
}

/**
 * Grows the database `db` reaches (PostgreSQL or PGlite). The subgraphs' consumers must not run meanwhile
 * (they would read the generated events) and must have read their producers' logs to the end (checked): the
 * generated events then count as read, every cursor moved past them, as if the consumers had applied them.
 */
export async function growDatabase(db: Db, options: GrowthOptions): Promise<GrowthReport> {
  const say = options.say ?? (() => {});
  const chunkRecords = options.chunkRecords ?? 200_000;
  const { subjects, records } = options;
  if (!Number.isInteger(subjects) || subjects < 1 || !Number.isInteger(records) || records < 0)
    throw new Error(`growth needs a whole number of subjects (≥ 1) and records (≥ 0), got ${subjects} and ${records}`);
  if (subjects > 99_999_999) throw new Error('at most 99,999,999 generated subjects (8 digits of the generated credit codes)');
  if (!Number.isInteger(chunkRecords) || chunkRecords < 1)
    throw new Error(`chunkRecords must be a positive whole number, got ${chunkRecords}`);
  const phases = new Map<string, number>();
  const rows = new Map<string, number>();
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - started);
    }
  };
  const startedAt = performance.now();
  const behind = await cursorsBehind(db);
  if (behind.length) throw new Error(`the consumers have not read everything before growth: ${behind.join('; ')}`);
  // Nothing here needs to survive a crash of the server: the database is the benchmark's own.
  for (const setting of [`synchronous_commit = off`, `work_mem = '256MB'`, `maintenance_work_mem = '256MB'`])
    await run(db, `set ${setting}`);
  await run(db, `drop schema if exists ${G} cascade`);
  const templates = await timed('templates and plan', async () => {
    for (const statement of [...HELPERS, ...TEMPLATES]) await run(db, statement);
    const [counts] = await rowsFrom<{ persons: number; organisations: number; subjects: number }>(
      db,
      `select count(*) filter (where subject_is_person)::int as persons, count(*) filter (where not subject_is_person)::int as organisations,
        (select count(*)::int from ${G}.subject_template) as subjects
      from ${G}.record_template`,
    );
    if (!counts?.persons || !counts.organisations || !counts.subjects)
      throw new Error('growth copies the demo set: seed it first (no demo records of persons or of organisations found)');
    // A head no demo credit code has (positions 1-9), so a generated code never meets one.
    const [free] = await rowsFrom<{ letter: string | null }>(
      db,
      `select min(letter) as letter from unnest(array['X', 'W', 'U', 'T', 'R']) letter
      where not exists (select from subjects.subjects where id like '91320585' || letter || '%')`,
    );
    if (!free?.letter) throw new Error('no free head for generated credit codes');
    await run(
      db,
      `create table ${G}.subject_plan (g int primary key, template text not null, is_person boolean not null, id text not null,
        w numeric not null, first_n bigint not null, last_n bigint not null)`,
    );
    await run(
      db,
      `insert into ${G}.subject_plan
      with base as (
        select g, t.id as template, t.kind = 'NATURAL_PERSON' as is_person
        from generate_series(1, ${subjects}) g join ${G}.subject_template t on t.n = floor(${G}.u('subject/' || g) * ${counts.subjects})::int
      ), weighted as (
        select g, template, is_person,
          case when is_person then 'P-' || md5('bench-growth/person/' || g)
            else ${G}.credit_code('91320585${free.letter}' || lpad(g::text, 8, '0')) end as id,
          (case when not is_person and (g <= 5 or ${G}.u('hot/' || g) < ${HOT_SHARE})
            then least(${HOT_CAP}, ${HOT_SCALE} / sqrt(greatest(${G}.u('hot-weight/' || g), 1e-12)))
            else -ln(1 - ${G}.u('weight/' || g)) end)::numeric(30, 12) as w
        from base
      ), cumulative as (
        select *, floor(${records}::numeric * sum(w) over (order by g) / nullif(sum(w) over (), 0))::bigint as upto from weighted
      )
      select g, template, is_person, id, w, coalesce(lag(coalesce(upto, 0)) over (order by g), 0) + 1, coalesce(upto, 0) from cumulative`,
    );
    await run(db, `analyze ${G}.subject_plan`);
    return counts;
  });
  const [check] = await rowsFrom<{ n: string; last: string }>(
    db,
    `select coalesce(sum(last_n - first_n + 1), 0)::text as n, coalesce(max(last_n), 0)::text as last from ${G}.subject_plan`,
  );
  if (Number(check!.n) !== records || Number(check!.last) !== records)
    throw new Error(`the plan apportioned ${check!.n} records, not ${records}`);
  // Chunks of whole subjects: each ends with the last subject whose records reach into its share of numbers.
  const plan = await rowsFrom<{ hi: number; last: string }>(
    db,
    `select g as hi, last_n::text as last from ${G}.subject_plan where g in (
      select max(g) from ${G}.subject_plan group by greatest(last_n - 1, 0) / ${chunkRecords}) order by g`,
  );
  say(
    `plan: ${thousands(subjects)} subjects, ${thousands(records)} records from ${templates.subjects} demo subjects and ${
      templates.persons + templates.organisations
    } demo records, ${plan.length} chunk(s) of about ${thousands(chunkRecords)} records`,
  );

  const steps = chunkSteps(templates);
  let lo = 0;
  let recordsDone = 0;
  const loopStarted = performance.now();
  for (const [i, { hi, last }] of plan.entries()) {
    await db.transaction(async (tx) => {
      for (const step of steps) {
        const text = typeof step.sql === 'string' ? step.sql : step.sql({ lo, hi });
        const result = await timed(step.phase, () => run(tx, text));
        if (step.table) rows.set(step.table, (rows.get(step.table) ?? 0) + affected(result));
      }
    });
    const chunkDone = Number(last) - recordsDone;
    recordsDone = Number(last);
    const elapsed = (performance.now() - loopStarted) / 1000;
    const rate = recordsDone / Math.max(elapsed, 0.001);
    say(
      `chunk ${i + 1}/${plan.length}: subjects ${thousands(lo + 1)}–${thousands(hi)}, ${thousands(chunkDone)} records (${(
        (100 * recordsDone) /
        Math.max(records, 1)
      ).toFixed(1)} % of records, ${thousands(Math.round(rate))} records/s, ${seconds(elapsed * 1000)} so far${
        recordsDone < records ? `, about ${seconds(((records - recordsDone) / rate) * 1000)} to go` : ''
      })`,
    );
    lo = hi;
  }

  const [hot] = await rowsFrom<{ id: string; records: string }>(
    db,
    `select id, (last_n - first_n + 1)::text as records from ${G}.subject_plan
    where not is_person and last_n - first_n + 1 <= ${HOT_PICK_MAX} order by last_n - first_n + 1 desc, g limit 1`,
  );
  const typical = await rowsFrom<{ id: string }>(
    db,
    `select id from ${G}.subject_plan where not is_person and last_n - first_n + 1 between 5 and 20 order by ${G}.u('pick/' || g) limit 500`,
  );

  await timed('consumer cursors', async () => {
    // The generated events count as applied: every consumer moves to the end of the producer's log.
    for (const { consumer, producer } of CURSORS)
      await run(
        db,
        `update ${consumer}.consumer_cursors c set txid = l.txid::text, event_id = l.id, updated_at = now()
        from (select txid, id from ${producer}.outbox order by txid desc, id desc limit 1) l
        where c.producer = '${producer}'`,
      );
    const behind = await cursorsBehind(db);
    if (behind.length) throw new Error(`consumer cursors not moved: ${behind.join('; ')}`);
  });
  await run(db, `drop schema ${G} cascade`);
  await timed('vacuum and analyze', async () => {
    for (const table of GROWN_TABLES) {
      const started = performance.now();
      await run(db, `vacuum (analyze) ${table}`);
      say(`vacuum (analyze) ${table}: ${seconds(performance.now() - started)}`);
    }
  });
  return {
    subjects,
    records,
    chunks: plan.length,
    phases,
    totalMs: performance.now() - startedAt,
    rows,
    hot: hot ? { id: hot.id, records: Number(hot.records) } : null,
    typical: typical.map((row) => row.id),
  };
}
