/**
 * The seeded demo template (platform/seeded-template.ts, issue 16's start-up): an empty folder seeded by
 * `npm start` becomes a copy of what one seed through the doors left, for the same day, code, secrets and
 * settings only. A copy must hold what seeding the folder itself would (every table's rows, the demo company's
 * credit file, intact audit chains); a template of other inputs, or written to since it was made, is never used.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY } from '../platform/seed/demo-subjects.js';
import { seededKey, type SeededTemplateInput } from '../platform/seeded-template.js';
import { startSystem, type RunningSystem } from '../platform/system.js';
import { loadSecrets } from '../subgraphs/kit/config.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';
import { AS, post } from './support/system.js';

const root = mkdtempSync(join(tmpdir(), 'xt-seeded-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TODAY = '2026-11-20';
const cache = join(root, 'cache');
/** Each database in a folder of its own: its audit anchors are kept beside it (kit/audit-anchor.ts). */
const folder = (name: string) => join(root, name, 'pglite');
/** As `npm start` would start, on its own cache of templates. */
const start = (dir: string, options: { today?: string; seedTemplate?: boolean } = {}) =>
  startSystem({
    pglite: dir,
    seed: true,
    seedToday: options.today ?? TODAY,
    seedTemplate: options.seedTemplate,
    templateCache: cache,
    anyPorts: true,
    manualConsumers: true,
    env: {},
  });

const templates = () => readdirSync(cache).filter((name) => name.startsWith('seeded-'));
const manifestOf = (template: string) => join(cache, template, 'manifest.json');

/** Every table of every subgraph's schema with its number of rows. */
async function tableCounts(system: RunningSystem): Promise<Record<string, number>> {
  const db = system.db.subjects;
  const tables = rowsOf<{ name: string }>(
    await db.execute(
      sql.raw(
        `select format('%I.%I', table_schema, table_name) as name from information_schema.tables where table_type = 'BASE TABLE' and table_schema in (${SUBGRAPH_NAMES.map((n) => `'${n}'`).join(', ')}) order by 1`,
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${name}`)))[0]!.n;
  return counts;
}

const CREDIT_FILE = `{ subjectByCode(code: "${DEMO_COMPANY.code}") { name creditRecords { category status decisionDate disclosure { isPublicNow } }
  repairApplications { number state } objections { number state } listMemberships { list since active } supervision { level } } }`;

/** Whether every subgraph's audit chain verifies and is anchored at its head, and what the credit office sees of the demo company. */
async function observed(system: RunningSystem) {
  const chains: Record<string, { intact: boolean; anchored: boolean }> = {};
  for (const name of SUBGRAPH_NAMES) {
    const verified = await system.subgraphs[name].audit.verify({ full: true });
    // What the seed wrote is anchored at its head (seqs run from 1), as the seed's own stop anchored it.
    chains[name] = { intact: verified.intact, anchored: verified.anchoredSeq === (verified.checkedEntries || null) };
  }
  const file = await post(system.gateway.url, CREDIT_FILE, {}, AS.creditOffice);
  expect(file.body.errors).toBeUndefined();
  // Case numbers end in a random part (repairs/numbers.ts): the same case, numbered by another seed, differs there.
  const numbers: string[] = JSON.stringify(file.body.data).match(/(XF|YY)\d{8}\w+/g) ?? [];
  const sameCases = JSON.parse(JSON.stringify(file.body.data).replace(/((?:XF|YY)\d{8})\w+/g, '$1…'));
  const { demo, ...counted } = system.seeded!;
  return {
    counts: await tableCounts(system),
    file: sameCases,
    chains,
    seeded: { ...counted, demo: { ...demo, repairNumber: undefined, repairQueryCode: undefined } },
    // The summary a copy reports names the copy's own case, which its query code opens.
    summaryNamesItsCase: numbers.includes(demo.repairNumber),
  };
}

async function observe(dir: string, options?: { today?: string; seedTemplate?: boolean }) {
  const system = await start(dir, options);
  try {
    return await observed(system);
  } finally {
    await system.close();
  }
}

describe('a start on an empty folder from the seeded template', () => {
  let control: Awaited<ReturnType<typeof observe>>;
  let first: Awaited<ReturnType<typeof observe>>;

  it('holds what seeding the folder itself leaves: every table, the credit file, the audit chains, the summary', async () => {
    control = await observe(folder('seeded-itself'), { seedTemplate: false });
    expect(existsSync(cache) ? templates() : []).toEqual([]); // seeding itself made no template
    expect(control.counts['records.credit_records']).toBeGreaterThan(900);

    first = await observe(folder('from-template'));
    expect(templates()).toHaveLength(1);
    expect(first.counts).toEqual(control.counts);
    expect(first.file).toEqual(control.file);
    expect(first.chains).toEqual(Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, { intact: true, anchored: true }])));
    expect(first.seeded).toEqual(control.seeded);
    expect([control.summaryNamesItsCase, first.summaryNamesItsCase]).toEqual([true, true]);
  });

  it('a second empty folder copies the same template without seeding again', async () => {
    const [template] = templates();
    const built = statSync(manifestOf(template!)).mtimeMs;
    const second = await observe(folder('second'));
    expect(templates()).toEqual([template]);
    expect(statSync(manifestOf(template!)).mtimeMs).toBe(built);
    expect(second).toEqual(first);
  });

  it('a template written to since it was made is made again, and the copy is whole', async () => {
    const [template] = templates();
    const manifest = JSON.parse(readFileSync(manifestOf(template!), 'utf8')) as { files: { path: string; size: number }[] };
    const victim = manifest.files.reduce((a, b) => (b.size > a.size ? b : a));
    const path = join(cache, template!, 'data', victim.path);
    writeFileSync(path, readFileSync(path).subarray(0, 8192));
    const repaired = await observe(folder('after-damage'));
    expect(statSync(path).size).toBe(victim.size);
    expect(repaired.counts).toEqual(control.counts);
    expect(repaired.file).toEqual(control.file);
    expect(repaired.chains).toEqual(first.chains);
  });

  it('another day is another template (the history ends on its today); the other day’s is removed', async () => {
    const [before] = templates();
    const later = await observe(folder('another-day'), { today: '2026-11-27' });
    const [after] = templates();
    expect(after).not.toBe(before);
    expect(after).toContain('2026-11-27');
    expect(later.seeded!.records).toBe(control.seeded!.records);
  });

  it('leaves a folder that holds a database alone: it opens as it is', async () => {
    const dir = folder('from-template');
    const reopened = await start(dir);
    try {
      expect(reopened.seeded).toBeNull(); // nothing was seeded or copied: the existing data is kept
      expect((await tableCounts(reopened))['records.credit_records']).toBe(control.counts['records.credit_records']);
    } finally {
      await reopened.close();
    }
  });
});

describe('the seeded template’s key', () => {
  const sources = join(root, 'sources');
  mkdirSync(join(sources, 'subgraphs', 'records'), { recursive: true });
  writeFileSync(
    join(sources, 'subgraphs', 'records', 'limits.ts'),
    `export const days = Number(env.OBJECTION_MAX_DAYS ?? 15); // WORKDAY_CALENDAR_FILE`,
  );
  writeFileSync(join(sources, 'package-lock.json'), '{"lockfileVersion": 3}');
  const input = (over: Partial<SeededTemplateInput> = {}): SeededTemplateInput => ({
    today: TODAY,
    secrets: loadSecrets({}),
    env: {},
    sources: { root: sources, paths: ['subgraphs', 'package-lock.json'] },
    ...over,
  });
  const key = (over?: Partial<SeededTemplateInput>) => seededKey(input(over));

  it('changes with the day, a secret, a setting the code names, the content of a file a setting names, and the code', () => {
    const base = key();
    expect(key({ today: '2026-11-21' })).not.toBe(base);
    expect(key({ secrets: loadSecrets({ PSEUDONYM_KEY: 'another-pseudonym-key-of-at-least-32-chars' }) })).not.toBe(base);
    expect(key({ secrets: loadSecrets({ AUDIT_CHAIN_KEY: 'another-audit-chain-key-of-at-least-32-ch' }) })).not.toBe(base);
    expect(key({ env: { OBJECTION_MAX_DAYS: '20' } })).not.toBe(base);

    const calendar = join(root, 'calendar.json');
    writeFileSync(calendar, '{"years": {}}');
    const withCalendar = key({ env: { WORKDAY_CALENDAR_FILE: calendar } });
    expect(withCalendar).not.toBe(base);
    writeFileSync(calendar, '{"years": {"2027": {}}}');
    expect(key({ env: { WORKDAY_CALENDAR_FILE: calendar } })).not.toBe(withCalendar);

    const edited = join(root, 'sources-edited');
    cpSync(sources, edited, { recursive: true });
    writeFileSync(join(edited, 'subgraphs', 'records', 'limits.ts'), `export const days = 16;`);
    expect(key({ sources: { root: edited, paths: ['subgraphs', 'package-lock.json'] } })).not.toBe(base);
    writeFileSync(join(edited, 'subgraphs', 'records', 'limits.ts'), readFileSync(join(sources, 'subgraphs', 'records', 'limits.ts')));
    writeFileSync(join(edited, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}');
    expect(key({ sources: { root: edited, paths: ['subgraphs', 'package-lock.json'] } })).not.toBe(base);
  });

  it('does not change with what only concerns the running process, or variables the code never names', () => {
    const base = key();
    expect(
      key({ env: { LOG_LEVEL: 'debug', HOST: '0.0.0.0', PGLITE_DIR: '/elsewhere', npm_lifecycle_event: 'start', UNRELATED_VAR: 'x' } }),
    ).toBe(base);
  });

  it('never holds a secret: only the day and a hash', () => {
    const secret = 'a-pseudonym-key-nobody-may-read-0123456789';
    const named = key({ secrets: loadSecrets({ PSEUDONYM_KEY: secret }), env: { PSEUDONYM_KEY: secret } });
    expect(named).toMatch(/^seeded-2026-11-20-[0-9a-f]{16}$/);
  });
});
