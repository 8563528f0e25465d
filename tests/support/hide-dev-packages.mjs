/**
 * `node --import ./tests/support/hide-dev-packages.mjs …`: the process runs as after `npm ci --omit=dev` —
 * importing any devDependency of package.json fails as a missing package would (ERR_MODULE_NOT_FOUND).
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
register('./hide-dev-packages-hooks.mjs', import.meta.url, { data: { hidden: Object.keys(manifest.devDependencies) } });
