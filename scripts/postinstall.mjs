/**
 * `npm ci`'s postinstall: builds the PGlite templates of the embedded demo (scripts/pglite-template.ts) when the
 * development tools are installed. A production install (`npm ci --omit=dev`) has neither tsx nor PGlite and runs
 * on PostgreSQL: it skips this, and never fails for it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'node_modules/tsx')) || !existsSync(join(root, 'node_modules/@electric-sql/pglite'))) {
  console.log('production install (no tsx or PGlite): no PGlite templates to build');
} else {
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/pglite-template.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exitCode = status ?? 0;
}
