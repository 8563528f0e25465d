import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from './project-root.js';
import { gzipSync } from 'node:zlib';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';

/**
 * The PGlite data folder a first `npm start` begins from: initdb done and every subgraph's migrations applied,
 * shut down cleanly, kept in node_modules/.cache/xinyong-taicang. initdb (2 s of WebAssembly) and migrating five
 * schemas (2 s more) are the same for every empty folder, so postinstall does them once and an empty folder
 * starts as a copy. The copy is the platform's own work, not a shortcut past it: the migrator still runs on every
 * start and applies what the copy lacks.
 *
 * A template belongs to one PGlite version and one set of migration files (its key hashes every file of every
 * migrations folder): a migration added or edited makes a new key, so a template built from other files is never
 * used (drizzle's migrator skips a migration it believes applied, however it was edited). Its manifest holds every
 * file's size and modification time, checked before each copy, and the SHA-256 of its image for a database in
 * memory: a template truncated, written to or missing a file is removed and built again, never trusted.
 */
export interface TemplateOptions {
  /** Where templates are kept; default node_modules/.cache/xinyong-taicang. */
  cacheDir?: string;
  /** Each subgraph's migrations folder, as startSystem applies them; default every registered subgraph's. */
  migrations?: readonly SubgraphMigrations[];
}

export interface SubgraphMigrations {
  subgraph: string;
  folder: URL;
}

interface Manifest {
  pglite: string;
  /** The template's key, its folder's name: a folder renamed to another key is not trusted. */
  key: string;
  /** Folders of the data folder, parents first (PostgreSQL needs its empty ones too). */
  dirs: { path: string; mode: number }[];
  /** Each file as built: a file written since (truncated, overwritten, replaced) differs in size or mtime. */
  files: { path: string; size: number; mtimeMs: number }[];
  /** The same data folder as a PGlite image (dumpDataDir, gzip), for a database in memory (the migrated template). */
  image?: { size: number; sha256: string };
  /** What the maker reported (the seeded template: the seed's summary). */
  made?: unknown;
}

/**
 * A data folder kept ready in the cache: `key` names what it was made from, `make` makes it in an empty folder
 * (returning what the manifest keeps for the copies), `withImage` adds the image a database in memory loads.
 * Templates of the same `family` and another key are removed when one is built.
 */
export interface FolderTemplate {
  dir: string;
  family: string;
  withImage: boolean;
  make(data: string): Promise<unknown>;
}

const MANIFEST = 'manifest.json';
const DATA = 'data';
const IMAGE = 'data.tar.gz';

export const DEFAULT_CACHE_DIR = join(PROJECT_ROOT, 'node_modules/.cache/xinyong-taicang/');

/** Where each subgraph keeps its drizzle-kit migrations (its server.ts says `new URL('./migrations', …)`). */
export const SUBGRAPH_MIGRATIONS: readonly SubgraphMigrations[] = SUBGRAPH_NAMES.map((subgraph) => ({
  subgraph,
  folder: new URL(`../subgraphs/${subgraph}/migrations`, import.meta.url),
}));

/** The same folder named two ways (a trailing slash, `..`) is the same folder. */
export const sameFolder = (a: URL, b: URL): boolean => resolve(fileURLToPath(a)) === resolve(fileURLToPath(b));

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

const pgliteVersion = (): string =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;

/** Every file under `root`, relative, sorted (the same order on every machine). */
function filesUnder(root: string, at = root): string[] {
  return readdirSync(at, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(root, join(at, entry.name)) : [relative(root, join(at, entry.name))]))
    .sort();
}

/** The PGlite version and a hash of every migration file, by subgraph: what a template was built from. */
export function templateKey(migrations: readonly SubgraphMigrations[] = SUBGRAPH_MIGRATIONS): string {
  const hash = createHash('sha256');
  for (const { subgraph, folder } of migrations) {
    const root = fileURLToPath(folder);
    hash.update(`subgraph ${subgraph}\0`);
    for (const file of filesUnder(root)) hash.update(`${file}\0${sha256(readFileSync(join(root, file)))}\0`);
  }
  return `pglite-${pgliteVersion()}-${hash.digest('hex').slice(0, 16)}`;
}

export const templateDir = (options: TemplateOptions = {}): string =>
  join(options.cacheDir ?? DEFAULT_CACHE_DIR, templateKey(options.migrations));

/** The migrated template: initdb and every subgraph's migrations, by the migrator startSystem runs (kit/db.ts). */
function migratedTemplate(options: TemplateOptions): FolderTemplate {
  const migrations = options.migrations ?? SUBGRAPH_MIGRATIONS;
  return {
    dir: templateDir({ ...options, migrations }),
    family: 'pglite-',
    withImage: true,
    async make(data) {
      const { openPglite } = await import('../subgraphs/kit/db.js');
      const migrating = await openPglite(data);
      for (const { subgraph, folder } of migrations) await migrating.migrate(subgraph, folder);
      await migrating.close();
    },
  };
}

/** A folder PGlite has never started in: absent, or empty. */
export const isFreshFolder = (dir: string): boolean => !existsSync(dir) || readdirSync(dir).length === 0;

/** The template's manifest when it is whole and of the current key; undefined when it must be built. */
async function manifestOf(dir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
    const whole = Array.isArray(manifest.files) && manifest.files.length > 0 && typeof manifest.files[0]!.mtimeMs === 'number';
    return manifest.key === basename(dir) && whole ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Raised when a template's file is not what its manifest says: the template is built again. */
class DamagedTemplate extends Error {}

async function entriesOf(root: string, at = root): Promise<{ dirs: Manifest['dirs']; files: string[] }> {
  const dirs: Manifest['dirs'] = [];
  const files: string[] = [];
  for (const entry of (await readdir(at, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(at, entry.name);
    if (entry.isDirectory()) {
      dirs.push({ path: relative(root, path), mode: (await stat(path)).mode & 0o777 });
      const inner = await entriesOf(root, path);
      dirs.push(...inner.dirs);
      files.push(...inner.files);
    } else files.push(relative(root, path));
  }
  return { dirs, files };
}

/**
 * Builds the migrated template of the current key unless it is there and whole; returns its folder. Built aside
 * and renamed into place, so a template that exists is complete; other keys' templates are removed.
 */
export async function buildTemplate(options: TemplateOptions = {}): Promise<string> {
  return buildFolder(migratedTemplate(options));
}

/** Builds `template` unless it is there and whole; returns its folder. */
export const ensureTemplate = (template: FolderTemplate): Promise<string> => buildFolder(template);

async function buildFolder(template: FolderTemplate): Promise<string> {
  const final = template.dir;
  if (await manifestOf(final)) return final;
  await rm(final, { recursive: true, force: true });
  const work = `${final}.${process.pid}.partial`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const data = join(work, DATA);
    const made = await template.make(data);
    let image: Manifest['image'];
    if (template.withImage) {
      // Opened once more for the image: its dump is of a folder that shut down cleanly.
      const { openPglite } = await import('../subgraphs/kit/db.js');
      const reopened = await openPglite(data);
      const bytes = gzipSync(Buffer.from(await (await reopened.dump()).arrayBuffer()));
      await reopened.close();
      await writeFile(join(work, IMAGE), bytes);
      image = { size: bytes.length, sha256: sha256(bytes) };
    }
    const { dirs, files } = await entriesOf(data);
    const manifest: Manifest = {
      pglite: pgliteVersion(),
      key: basename(final),
      dirs,
      files: files.map((path) => {
        const { size, mtimeMs } = statSync(join(data, path));
        return { path, size, mtimeMs };
      }),
      image,
      made,
    };
    await writeFile(join(work, MANIFEST), JSON.stringify(manifest));
    try {
      await rename(work, final);
    } catch (error) {
      // Another process put a whole template there meanwhile: it is the same build.
      if (!(await manifestOf(final))) throw error;
      await rm(work, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  const root = dirname(final);
  for (const other of readdirSync(root))
    if (other.startsWith(template.family) && join(root, other) !== final && !other.endsWith('.partial'))
      rmSync(join(root, other), { recursive: true, force: true });
  return final;
}

/**
 * Runs `work` on every item, at most `limit` at a time. After a failure no item is begun, and it settles only once
 * those under way have ended (the caller removes what they were writing into).
 */
async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (!failed && next < items.length)
        await work(items[next++]!).catch((error: unknown) => {
          failed = true;
          throw error;
        });
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Copies the template into `to` (which must not exist). Every file is first checked against the manifest (a stat
 * each, a few milliseconds for all): one missing, or written since the build, makes the template damaged.
 */
async function copyChecked(template: string, manifest: Manifest, to: string): Promise<void> {
  const from = join(template, DATA);
  for (const file of manifest.files) {
    let found: Stats;
    try {
      found = statSync(join(from, file.path));
    } catch (error) {
      throw new DamagedTemplate(`${file.path}: ${(error as Error).message}`);
    }
    if (found.size !== file.size || found.mtimeMs !== file.mtimeMs)
      throw new DamagedTemplate(`${file.path} was written since it was built`);
  }
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const dir of manifest.dirs) await mkdir(join(to, dir.path), { mode: dir.mode });
  // ~1,000 files, each copied by one of libuv's threads in one call (the kernel moves the bytes), four at a time
  // (more at once did not finish sooner on this machine: creating the files is what costs).
  await eachAtMost(manifest.files, 4, async (file) => {
    try {
      await copyFile(join(from, file.path), join(to, file.path)); // with the source's mode (libuv)
    } catch (error) {
      // Removed under the copy (a build for other migrations prunes this one): build it again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(join(from, file.path)))
        throw new DamagedTemplate(`${file.path} went missing during the copy`);
      throw error;
    }
  });
}

/**
 * Makes a fresh folder (absent or empty) a copy of the migrated template, building the template first when it
 * is missing, of another key, or damaged; returns whether it copied. A folder that holds anything is left alone.
 * The copy is made beside the folder and renamed into place: a start cut short leaves no half-copied database.
 */
export async function prepareFolder(dir: string, options: TemplateOptions = {}): Promise<boolean> {
  return (await copyTemplateInto(resolve(dir), migratedTemplate(options))) !== undefined;
}

/**
 * The same for any template (the seeded demo, seeded-template.ts): answers what its maker reported when the
 * folder became a copy, undefined when the folder held anything and was left alone.
 */
export async function prepareFolderFrom(dir: string, template: FolderTemplate): Promise<{ made: unknown } | undefined> {
  return copyTemplateInto(resolve(dir), template);
}

/** Whether a process of this id runs (signal 0 asks without sending anything). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let copies = 0;

async function copyTemplateInto(dir: string, template: FolderTemplate): Promise<{ made: unknown } | undefined> {
  if (!isFreshFolder(dir)) return undefined;
  // Each copy in a folder of its own beside the target (a start racing this one copies in its own), named after
  // the process: what a start that died left behind is recognised and removed.
  const prefix = `${basename(dir)}.copying-`;
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  for (const left of readdirSync(parent))
    if (left.startsWith(prefix) && !running(Number(left.slice(prefix.length).split('.')[0])))
      await rm(join(parent, left), { recursive: true, force: true });
  const aside = join(parent, `${prefix}${process.pid}.${++copies}`);
  let made: unknown;
  for (let attempt = 1; ; attempt++) {
    const built = await buildFolder(template);
    const manifest = await manifestOf(built);
    await rm(aside, { recursive: true, force: true });
    try {
      if (!manifest) throw new DamagedTemplate('its manifest went missing');
      await copyChecked(built, manifest, aside);
      made = manifest.made;
      break;
    } catch (error) {
      await rm(aside, { recursive: true, force: true });
      if (!(error instanceof DamagedTemplate) || attempt > 1) throw error;
      await rm(built, { recursive: true, force: true });
    }
  }
  try {
    if (isFreshFolder(dir) && existsSync(dir)) await rmdir(dir);
    renameSync(aside, dir);
    return { made };
  } catch (error) {
    await rm(aside, { recursive: true, force: true });
    // Another start filled the folder meanwhile: its database stands, this copy is not needed.
    if (!isFreshFolder(dir)) return undefined;
    throw error;
  }
}

/** The template as a PGlite image, for a database in memory: built when missing, of another key, or damaged. */
export async function templateImage(options: TemplateOptions = {}): Promise<Blob> {
  for (let attempt = 1; ; attempt++) {
    const template = await buildTemplate(options);
    const manifest = await manifestOf(template);
    const bytes = await readFile(join(template, IMAGE)).catch(() => undefined);
    if (manifest?.image && bytes && bytes.length === manifest.image.size && sha256(bytes) === manifest.image.sha256)
      return new Blob([bytes]);
    if (attempt > 1) throw new Error(`PGlite template ${template} was damaged again as soon as it was built`);
    await rm(template, { recursive: true, force: true });
  }
}
