import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';
import type { Env, Secrets } from '../subgraphs/kit/config.js';
import { DEFAULT_CACHE_DIR, type FolderTemplate } from './pglite-template.js';
import type { SeedSummary } from './seed/index.js';

/**
 * The demo set seeded into an empty PGlite folder, kept in the cache beside the migrated template: seeding
 * through the doors is most of a first `npm start` (9 of 16 s on this machine), and it leaves the same database
 * for the same inputs. The template is made by that very seed — a start on a fresh folder with seeding on,
 * stopped as an operator stops it — so a copy holds what the doors and consumers wrote, not a fixture.
 *
 * Its key names everything that decides what a seed leaves, so a copy is only ever of a seed the start would
 * have run itself: the day seeded as of (the demo's history ends "today"), every file of the code that runs
 * (subgraphs, platform, gateway, the lock file: the seed's plan, the workflows, migrations and libraries), the
 * secrets (pseudonyms and the audit chains depend on them; only hashes enter the key) and every environment
 * variable the code names, with the content of files named by `*_FILE` ones. A key that changes makes a new
 * template; templates of other keys are removed when one is built. Copying is checked as for the migrated
 * template (pglite-template.ts): a template written to since it was built is built again, never trusted.
 */
export interface SeededTemplateInput {
  today: string;
  secrets: Secrets;
  env: Env;
  cacheDir?: string;
  /** The files whose content is the code that seeds; default SOURCES under the project's folder. */
  sources?: { root: string; paths: readonly string[] };
}

const PROJECT = PROJECT_ROOT;
export const SOURCES = ['subgraphs', 'platform', 'gateway', 'package-lock.json'] as const;
const SOURCE_FILE = /\.(ts|graphql|sql|json)$/;
/** Named by the code, but only where the platform runs: not what its database holds. */
const RUN_ONLY = new Set(['LOG_LEVEL', 'HOST', 'PGLITE_DIR', 'PGLITE_MEMORY', 'SEED', 'SHUTDOWN_GRACE_MS']);
const SECRETS = new Set(['INTERNAL_SECRET', 'PSEUDONYM_KEY', 'ID_ENCRYPTION_KEY', 'AUDIT_CHAIN_KEY']);
/** How environment variables look in the code: `env.NAME`, `'NAME'`, `NAME_FILE`. */
const VARIABLE_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{4,}\b/g;

function sourceFiles(root: string, path: string): string[] {
  const at = join(root, path);
  if (SOURCE_FILE.test(path) && !path.includes('/')) return [at];
  return readdirSync(at, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The seeded template's key for these inputs (its folder's name in the cache). */
export function seededKey(input: SeededTemplateInput): string {
  const { root, paths } = input.sources ?? { root: PROJECT, paths: SOURCES };
  const hash = createHash('sha256');
  const named = new Set<string>();
  for (const path of paths)
    for (const file of sourceFiles(root, path)) {
      const content = readFileSync(file);
      hash
        .update(`file ${relative(root, file)}\0`)
        .update(createHash('sha256').update(content).digest())
        .update('\0');
      for (const name of content.toString('utf8').match(VARIABLE_NAME) ?? []) named.add(name);
    }
  for (const name of [...named].sort()) {
    const value = input.env[name];
    if (value === undefined || RUN_ONLY.has(name) || SECRETS.has(name)) continue;
    hash.update(`env ${name}=${value}\0`);
    if (name.endsWith('_FILE')) {
      let content: Buffer | string;
      try {
        content = readFileSync(value);
      } catch (error) {
        content = `unreadable: ${(error as NodeJS.ErrnoException).code}`;
      }
      hash.update(`file ${name}\0`).update(content).update('\0');
    }
  }
  const { internalSecret, pseudonymKey, idEncryptionKey, auditChainKey } = input.secrets;
  for (const secret of [internalSecret, pseudonymKey, idEncryptionKey, auditChainKey])
    hash.update(createHash('sha256').update('secret\0').update(secret).digest());
  return `seeded-${input.today}-${hash.digest('hex').slice(0, 16)}`;
}

/** The seeded template for these inputs; `seed` seeds an empty folder as a start would and stops. */
export function seededTemplate(input: SeededTemplateInput, seed: (data: string) => Promise<SeedSummary>): FolderTemplate {
  return {
    dir: join(input.cacheDir ?? DEFAULT_CACHE_DIR, seededKey(input)),
    family: 'seeded-',
    withImage: false,
    make: seed,
  };
}
