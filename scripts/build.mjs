/**
 * `npm run build`: the platform as JavaScript in dist/ (`npm run start:prod`, `node dist/scripts/service.js <name>`).
 * tsc compiles what production runs (tsconfig.build.json); the files the code reads beside itself — the SDL and
 * supergraph in schema/, each subgraph's migrations — are copied to the same places under dist/, so every
 * `new URL('…', import.meta.url)` finds them. Plain JavaScript; `npm run build` runs graphql-codegen first (the resolvers’ types, each subgraph’s generated folder).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });

rmSync(dist, { recursive: true, force: true });
run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.build.json']);
cpSync(join(root, 'schema'), join(dist, 'schema'), { recursive: true });
for (const name of readdirSync(join(root, 'subgraphs'))) {
  const migrations = join(root, 'subgraphs', name, 'migrations');
  if (existsSync(migrations)) cpSync(migrations, join(dist, 'subgraphs', name, 'migrations'), { recursive: true });
}
console.log(`built into ${dist}`);
