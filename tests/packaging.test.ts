import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_NODE_FLAGS } from '../platform/node-flags.js';
import { freshDatabase } from './support/database.js';

// Issue 17 (packaging): tsx was the production runtime with no build; faker and PGlite were production
// dependencies; npm ci warned that a dependency wants Node ≥ 22.15. These attack the promise that the built
// platform runs on what a production install (`npm ci --omit=dev`) has, and only that.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } | string[] }>;
};

const PRODUCTION_SOURCES = ['subgraphs', 'gateway', 'platform'];
/**
 * Loaded only by an embedded, seeded demo (a production start never imports them: checked below, running) or
 * by the developer's migration generator (drizzle-kit), which the build leaves out.
 */
const NOT_PRODUCTION = [/^platform\/seed\//, /^subgraphs\/kit\/db-pglite\.ts$/, /\/drizzle\.config\.ts$/];
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

function sourceFiles(): string[] {
  return PRODUCTION_SOURCES.flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
      .filter((file) => !file.includes('/generated/')),
  );
}

const allowsNode = (range: string, version: string): boolean => semver.satisfies(version, range);

describe('what a production install holds', () => {
  it('demo-only and development tools are not production dependencies', () => {
    for (const name of ['@faker-js/faker', '@sinonjs/fake-timers', '@electric-sql/pglite', 'tsx', 'vitest', '@graphql-hive/gateway'])
      expect(manifest.dependencies, name).not.toHaveProperty(name);
  });

  it('no production module imports a package that is not a production dependency', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles()) {
      if (NOT_PRODUCTION.some((pattern) => pattern.test(file))) continue;
      const text = readFileSync(join(ROOT, file), 'utf8');
      // Static value imports only: `import type` is erased by the build.
      for (const match of text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
        const specifier = (match[1] ?? match[2])!;
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        if (!(packageOf(specifier) in manifest.dependencies)) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every installed package runs on the Node the README promises (engines ≥ 20.19)', () => {
    const floor = /^>=(\d+\.\d+(?:\.\d+)?)$/.exec(manifest.engines.node)?.[1];
    expect(floor, 'engines.node is a >= range').toBeDefined();
    const version = floor!.split('.').length === 2 ? `${floor}.0` : floor!;
    const refused = Object.entries(lock.packages)
      .filter(([path, entry]) => path && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !allowsNode((entry.engines as { node: string }).node, version))
      .map(([path, entry]) => `${path}@${entry.version}: ${(entry.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});

/** Runs the built platform as `npm run start:prod` does, with every devDependency hidden. */
function startBuilt(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; url?: string; stop(): Promise<number | null> }> {
  const flags = [...EMBEDDED_NODE_FLAGS, '--import', join(ROOT, 'tests/support/hide-dev-packages.mjs')];
  const child = spawn(process.execPath, [...flags, 'dist/platform/embedded.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      ...Object.fromEntries(['GATEWAY', 'SUBJECTS', 'RECORDS', 'REPAIRS', 'INCENTIVES', 'REPORTS'].map((s) => [`${s}_PORT`, '0'])),
      AUDIT_ANCHOR_DIR: 'off',
      ...env,
    },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve) => {
    const stop = async () => {
      child.kill('SIGTERM');
      return exited;
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Gateway \(the explorer in a browser\): (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ code: null, output, url, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => resolve({ code, output, stop }));
    setTimeout(() => child.kill('SIGKILL'), 90_000).unref();
  });
}

describe('npm run build and npm run start:prod', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const folder = mkdtempSync(join(tmpdir(), 'xt-prod-'));
  const key = 'prod-check-' + randomBytes(16).toString('hex');
  const { privateKey } = generateKeyPairSync('ed25519');
  const secrets = {
    NODE_ENV: 'production',
    INTERNAL_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    ID_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    AUDIT_CHAIN_KEY: randomBytes(32).toString('hex'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    REPORT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    API_KEYS_FILE: join(folder, 'api-keys.json'),
  };

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    writeFileSync(
      secrets.API_KEYS_FILE,
      JSON.stringify([
        { id: 'office', sha256: createHash('sha256').update(key).digest('hex'), role: 'CREDIT_OFFICE', unitId: 'credit-office' },
      ]),
    );
    // PostgreSQL whichever database the suite runs on: a production install has no PGlite.
    database = await freshDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  }, 240_000);
  afterAll(async () => database?.drop());

  it('serves from built JavaScript with only production dependencies, on PostgreSQL, and stops cleanly', async () => {
    const run = await startBuilt({ ...secrets, DATABASE_URL: database.url! });
    expect(run.url, run.output).toBeDefined();
    expect(run.output).not.toContain('demo-credit-office');
    const answer = await fetch(run.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query: '{ subjects(first: 1) { totalCount } }' }),
    });
    const body = (await answer.json()) as { data?: { subjects?: { totalCount: number } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    // Production starts empty: no demo data was seeded (its generators are dev-only packages).
    expect(body.data?.subjects?.totalCount).toBe(0);
    expect(await run.stop()).toBe(0);
  }, 120_000);

  it('refuses to start in production without its secrets, saying what to set', async () => {
    const run = await startBuilt({ NODE_ENV: 'production', DATABASE_URL: database.url! });
    expect(run.url).toBeUndefined();
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/INTERNAL_SECRET is not set; it is required when NODE_ENV=production/);
  }, 120_000);

  it('without DATABASE_URL and without PGlite it says to set DATABASE_URL, rather than failing on a missing module', async () => {
    const run = await startBuilt({ ...secrets });
    expect(run.url).toBeUndefined();
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/DATABASE_URL is not set and the embedded PGlite is not installed/);
    expect(run.output).not.toMatch(/ERR_MODULE_NOT_FOUND|at .*node:internal/);
  }, 120_000);
});
