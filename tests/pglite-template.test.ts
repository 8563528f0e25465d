/**
 * The migrated PGlite template an empty folder starts as (platform/pglite-template.ts): it is only ever used for
 * the migration files it was built from, the migrator still applies what a copy lacks, and a template whose files
 * are not as built is built again rather than trusted. On the reports subgraph's migrations (the fewest), each
 * case with a cache folder of its own.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildTemplate,
  prepareFolder,
  sameFolder,
  SUBGRAPH_MIGRATIONS,
  templateDir,
  templateImage,
  templateKey,
  type TemplateOptions,
} from '../platform/pglite-template.js';
import { startSystem } from '../platform/system.js';
import { openPglite } from '../subgraphs/kit/db.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';

const root = mkdtempSync(join(tmpdir(), 'xt-pglite-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const reports = new URL('../subgraphs/reports/migrations/', import.meta.url);
const journal = (folder: URL): { entries: { tag: string }[] } =>
  JSON.parse(readFileSync(join(fileURLToPath(folder), 'meta', '_journal.json'), 'utf8'));
const LAST = journal(reports).entries.at(-1)!.tag;

/** The reports migrations as they were before their last one. */
function olderMigrations(): URL {
  const folder = join(root, `older-${Math.random().toString(36).slice(2)}`);
  cpSync(reports, folder, { recursive: true });
  rmSync(join(folder, `${LAST}.sql`));
  const older = journal(reports);
  older.entries.pop();
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(older, null, 2));
  return pathToFileURL(`${folder}/`);
}

const options = (cache: string, folder: URL): TemplateOptions => ({
  cacheDir: join(root, cache),
  migrations: [{ subgraph: 'reports', folder }],
});

/** The migrations a folder's database holds, and whether the last one's index exists. */
async function migrated(dir: string): Promise<{ applied: number; lastIndex: boolean }> {
  const db = await PGlite.create({ dataDir: dir });
  try {
    const applied = Number((await db.query<{ n: number }>('select count(*)::int as n from reports.__migrations')).rows[0]!.n);
    const index = await db.query(`select 1 from pg_indexes where schemaname = 'reports' and indexname = 'reports_audit_prev_hash_idx'`);
    return { applied, lastIndex: index.rows.length === 1 };
  } finally {
    await db.close();
  }
}

// Each case builds a template or two (initdb and migrations, 5–25 s on a busy machine).
describe('the migrated PGlite template', { timeout: 150_000 }, () => {
  const all = journal(reports).entries.length;

  it('is keyed on the migration files: an older set, or one edited in place, is another template', () => {
    const older = olderMigrations();
    expect(templateKey([{ subgraph: 'reports', folder: older }])).not.toBe(templateKey([{ subgraph: 'reports', folder: reports }]));
    const edited = olderMigrations();
    const first = join(fileURLToPath(edited), `${journal(reports).entries[0]!.tag}.sql`);
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited`);
    expect(templateKey([{ subgraph: 'reports', folder: edited }])).not.toBe(templateKey([{ subgraph: 'reports', folder: older }]));
    // The same files under another subgraph's name migrate another schema.
    expect(templateKey([{ subgraph: 'records', folder: reports }])).not.toBe(templateKey([{ subgraph: 'reports', folder: reports }]));
  });

  it('built from older migrations, is not used for newer ones: the newer set gets its own, with the new migration', async () => {
    const older = options('newer', olderMigrations());
    const newer = options('newer', reports);
    const stale = await buildTemplate(older);
    expect(await migrated(join(stale, 'data'))).toEqual({ applied: all - 1, lastIndex: false });

    const dir = join(root, 'fresh-newer');
    expect(await prepareFolder(dir, newer)).toBe(true);
    expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
    expect(existsSync(templateDir(newer))).toBe(true);
    expect(existsSync(stale)).toBe(false); // other keys' templates are removed
  });

  it('an older template renamed to the newer key is not trusted: its manifest names the files it was built from', async () => {
    const older = options('renamed', olderMigrations());
    const newer = options('renamed', reports);
    const stale = await buildTemplate(older);
    cpSync(stale, templateDir(newer), { recursive: true });
    const dir = join(root, 'fresh-renamed');
    expect(await prepareFolder(dir, newer)).toBe(true);
    expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
  });

  it('a copy of an older template still gets the new migration: the migrator runs on every start and applies what is missing', async () => {
    const older = options('migrator', olderMigrations());
    const dir = join(root, 'fresh-migrator');
    expect(await prepareFolder(dir, older)).toBe(true);
    expect(await migrated(dir)).toEqual({ applied: all - 1, lastIndex: false });
    const connection = await openPglite(dir);
    await connection.migrate('reports', reports);
    await connection.close();
    expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
  });

  describe('damaged', () => {
    const damaged = options('damaged', reports);
    const manifestOf = (): { files: { path: string; size: number }[]; image: { size: number } } =>
      JSON.parse(readFileSync(join(templateDir(damaged), 'manifest.json'), 'utf8'));
    /** The template's largest data file (a catalog's, or the WAL). */
    const largest = () => manifestOf().files.reduce((a, b) => (b.size > a.size ? b : a));

    it.each([
      ['truncated', (file: string) => writeFileSync(file, readFileSync(file).subarray(0, 8192))],
      ['overwritten in place (same size)', (file: string) => writeFileSync(file, Buffer.alloc(readFileSync(file).length, 0x5a))],
      ['missing', (file: string) => rmSync(file)],
    ])('a data file %s: the template is built again and the copy is whole', async (how, damage) => {
      await buildTemplate(damaged);
      const victim = largest();
      const path = join(templateDir(damaged), 'data', victim.path);
      damage(path);
      const left = existsSync(path) ? readFileSync(path) : undefined;
      const dir = join(root, `fresh-damaged-${how.split(' ')[0]}`);
      expect(await prepareFolder(dir, damaged)).toBe(true);
      const copied = readFileSync(join(dir, victim.path));
      expect(copied.length).toBe(victim.size);
      if (left) expect(copied.equals(left)).toBe(false); // the copy is not of the damaged file
      expect(readFileSync(join(templateDir(damaged), 'data', victim.path)).length).toBe(victim.size);
      expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
    });

    it('its manifest gone: built again', async () => {
      await buildTemplate(damaged);
      rmSync(join(templateDir(damaged), 'manifest.json'));
      const dir = join(root, 'fresh-no-manifest');
      expect(await prepareFolder(dir, damaged)).toBe(true);
      expect(existsSync(join(templateDir(damaged), 'manifest.json'))).toBe(true);
      expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
    });

    it('its image for a database in memory truncated: built again, and the image PGlite loads is whole', async () => {
      await buildTemplate(damaged);
      const image = join(templateDir(damaged), 'data.tar.gz');
      writeFileSync(image, readFileSync(image).subarray(0, 1000));
      const blob = await templateImage(damaged);
      expect(blob.size).toBe(manifestOf().image.size);
      const db = await PGlite.create({ loadDataDir: blob });
      expect((await db.query<{ n: number }>('select count(*)::int as n from reports.__migrations')).rows[0]!.n).toBe(all);
      await db.close();
    });
  });

  it('two starts at once on one empty folder: one copy lands, the other leaves the folder as the first made it', async () => {
    const racing = options('racing', reports);
    await buildTemplate(racing);
    const dir = join(root, 'raced');
    const outcomes = await Promise.all([prepareFolder(dir, racing), prepareFolder(dir, racing)]);
    expect(outcomes.sort()).toEqual([false, true]);
    expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
    expect(readdirSync(root).filter((name) => name.startsWith('raced.copying-'))).toEqual([]);
  });

  it('removes what a start that died while copying left beside the folder, and nothing a running one is writing', async () => {
    const dir = join(root, 'after-crash');
    const dead = join(root, 'after-crash.copying-2147483646.1'); // no such process
    const alive = join(root, `after-crash.copying-${process.ppid}.1`); // a running process's
    for (const aside of [dead, alive]) {
      mkdirSync(aside);
      writeFileSync(join(aside, 'PG_VERSION'), '17');
    }
    expect(await prepareFolder(dir, options('crash', reports))).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(await migrated(dir)).toEqual({ applied: all, lastIndex: true });
  });

  it('leaves a folder that holds anything alone', async () => {
    const dir = join(root, 'not-empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    expect(await prepareFolder(dir, options('alone', reports))).toBe(false);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
  });

  it('names the folders every subgraph migrates from', async () => {
    expect(SUBGRAPH_MIGRATIONS.map((m) => m.subgraph)).toEqual(SUBGRAPH_NAMES);
    // The platform starts on an empty folder from the default template, checks these folders against its
    // subgraphs' own, and finds every migration of every schema applied.
    const dir = join(root, 'platform');
    const system = await startSystem({ pglite: dir, anyPorts: true, manualConsumers: true, env: {} });
    try {
      for (const { subgraph, folder } of SUBGRAPH_MIGRATIONS) {
        expect(sameFolder(folder, system.subgraphs[subgraph as keyof typeof system.subgraphs].migrations)).toBe(true);
        const [row] = rowsOf<{ n: number }>(
          await system.db.subjects.execute(sql.raw(`select count(*)::int as n from "${subgraph}".__migrations`)),
        );
        expect([subgraph, row!.n]).toEqual([subgraph, journal(folder).entries.length]);
      }
    } finally {
      await system.close();
    }
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
  });
});
