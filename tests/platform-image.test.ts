/**
 * Copies of a platform image (tests/support/platform-image.ts, issue 15): every test file starts on its own copy
 * of the run's image, so what one file writes never reaches another file's platform, nor the image later files
 * copy — on PGlite a data-folder image loaded into memory, on PostgreSQL a `CREATE DATABASE … TEMPLATE`.
 * Two (then three) platforms from the same seeded image, as two test files would start them.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { imageDatabasePrefix } from './support/image-names.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, queryRows, startTestSystem } from './support/system.js';

type TestSystem = Awaited<ReturnType<typeof startTestSystem>>;
const started: TestSystem[] = [];
afterAll(async () => {
  for (const system of started) await system.close();
});
async function start(): Promise<TestSystem> {
  const system = await startTestSystem();
  started.push(system);
  return system;
}

/** A record reported through the gateway, as a test file would write it; its credit code. */
async function reportOne(system: TestSystem, tag: string): Promise<string> {
  const creditCode = makeCreditCode(`91320585PM${tag.padStart(7, '0')}`);
  const { body } = await post(
    system.gateway.url,
    `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome problems { field reason } } }`,
    {
      i: {
        subject: { creditCode, name: `镜像隔离${tag}号公司` },
        category: 'PRICE_NOT_MARKED',
        decisionDate: '2026-05-06',
        facts: '未明码标价',
        penalty: WARNING_PENALTY,
        unitReference: `PI-${tag}`,
      },
    },
    AS.marketRegulation,
  );
  expect(body.data.reportRecord).toEqual({ outcome: 'CREATED', problems: [] });
  return creditCode;
}

/** What a platform holds of one write: the records of a subject, a probe table's rows, the records table's size. */
async function holdings(system: TestSystem, creditCode: string) {
  const records = await queryRows<{ n: number }>(
    system.db.records.execute(sql`select count(*)::int as n from records.credit_records where subject_id = ${creditCode}`),
  );
  const total = await queryRows<{ n: number }>(system.db.records.execute(sql`select count(*)::int as n from records.credit_records`));
  const probe = await queryRows<{ exists: boolean }>(
    system.db.subjects.execute(sql`select to_regclass('subjects.image_probe') is not null as exists`),
  );
  return { records: records[0]!.n, total: total[0]!.n, probeTable: probe[0]!.exists };
}

describe('two platforms from the same image', () => {
  it('start with the same seeded rows, and neither sees what the other writes, in either direction', async () => {
    const first = await start();
    const second = await start();
    expect(second.seeded).toEqual(first.seeded);
    const base = await holdings(first, 'none');
    expect(base.total).toBeGreaterThan(0);
    expect(await holdings(second, 'none')).toEqual(base);

    // Writes in the first: a record through the gateway, and a table and row in SQL (what a test might leave).
    const fromFirst = await reportOne(first, '1');
    await first.db.subjects.execute(sql`create table subjects.image_probe (written_by text primary key)`);
    await first.db.subjects.execute(sql`insert into subjects.image_probe values ('first')`);
    expect(await holdings(first, fromFirst)).toEqual({ records: 1, total: base.total + 1, probeTable: true });
    expect(await holdings(second, fromFirst)).toEqual({ records: 0, total: base.total, probeTable: false });

    // And back: a write in the second is not in the first.
    const fromSecond = await reportOne(second, '2');
    expect(await holdings(second, fromSecond)).toEqual({ records: 1, total: base.total + 1, probeTable: false });
    expect(await holdings(first, fromSecond)).toEqual({ records: 0, total: base.total + 1, probeTable: true });
  });

  it('leaves the image as it was: a platform started after both wrote has neither write', async () => {
    const [first, second] = started;
    const third = await start();
    const written = await queryRows<{ subject_id: string }>(
      first!.db.records.execute(sql`select subject_id from records.credit_records where unit_reference like 'PI-%'`),
    );
    expect(written).toHaveLength(1);
    const base = await holdings(third, written[0]!.subject_id);
    expect(base).toMatchObject({ records: 0, probeTable: false });
    expect((await holdings(second!, 'none')).total).toBe(base.total + 1);
    // Nor through the gateway: the third platform's subjects know neither write.
    const { body } = await post(
      third.gateway.url,
      `query($id: ID!) { subject(id: $id) { id } }`,
      { id: written[0]!.subject_id },
      AS.creditOffice,
    );
    expect(body.data.subject).toBeNull();
  });

  it.runIf(process.env.DATABASE_URL)('are databases of their own on PostgreSQL; the template holds neither write', async () => {
    const names = started.map((system) => new URL(system.testDatabaseUrl!).pathname.slice(1));
    expect(new Set(names).size).toBe(started.length);
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const templates = (
      await admin<
        { datname: string }[]
      >`select datname from pg_database where starts_with(datname, ${imageDatabasePrefix(inject('platformImageRun'))})`
    ).map((row) => row.datname);
    await admin.end();
    expect(templates.length).toBeGreaterThan(0);
    for (const name of names) expect(templates).not.toContain(name);
    // The image itself, read directly (and let go at once: a template being read cannot be copied).
    for (const template of templates) {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${template}`;
      const image = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        const [written] = await image<
          { n: number }[]
        >`select count(*)::int as n from records.credit_records where unit_reference like 'PI-%'`;
        const [probe] = await image<{ exists: boolean }[]>`select to_regclass('subjects.image_probe') is not null as exists`;
        expect({ template, written: written!.n, probe: probe!.exists }).toEqual({ template, written: 0, probe: false });
      } finally {
        await image.end();
      }
    }
  });
});
