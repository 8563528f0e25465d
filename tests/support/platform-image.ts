import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { SeedSummary } from '../../platform/seed/index.js';
import { startSystem } from '../../platform/system.js';
import { openPglite } from '../../subgraphs/kit/db.js';
import { imageDatabasePrefix, imageFolder } from './image-names.js';

/**
 * Seeding the demo through the doors takes 10–15 s, migrating five schemas into a fresh database 2–5 s, and a
 * fresh PGlite spends 2 s in initdb: most test files start from one of the same few databases. The first file
 * that asks for one builds it once per test run and stops it, as an operator stops the platform; every later
 * file starts on a copy of it — the same path as `npm start` on an existing folder. PGlite copies are data-folder
 * images (dumpDataDir/loadDataDir), PostgreSQL copies are `CREATE DATABASE … TEMPLATE`. tests/seed.test.ts
 * seeds for itself, so the seed stays under test.
 */
export interface PlatformImage {
  /** What the seed reported, when the image is seeded. */
  seeded: SeedSummary | null;
  /** PGlite: the data-folder image to load into memory. */
  pglite?: Blob;
  /** PostgreSQL: a fresh database copied from the image, dropped by `drop`. */
  postgres?: { url: string; drop(): Promise<void> };
}

declare module 'vitest' {
  export interface ProvidedContext {
    platformImageRun: string;
  }
}

function runId(): string {
  try {
    return inject('platformImageRun');
  } catch {
    return `solo${process.pid}`;
  }
}

function imagePaths(name: string) {
  const folder = imageFolder(runId());
  mkdirSync(folder, { recursive: true });
  return { folder, summary: join(folder, `${name}.json`), tar: join(folder, `${name}.tar`), dir: join(folder, `${name}.dir`) };
}

/** Written whole, then named: a file that exists is complete. */
function writeWhole(file: string, content: Buffer | string): void {
  const part = `${file}.${randomBytes(4).toString('hex')}.part`;
  writeFileSync(part, content);
  renameSync(part, file);
}

/**
 * The platform migrated and prepared, seeded on `seedToday` or not at all: built the first time this run asks
 * for it, then copied.
 */
export async function platformImage(seedToday: string | null, baseUrl = process.env.DATABASE_URL): Promise<PlatformImage> {
  const name = createHash('sha256')
    .update(`${seedToday ?? 'unseeded'}|${baseUrl ? 'postgres' : 'pglite'}`)
    .digest('hex')
    .slice(0, 12);
  const paths = imagePaths(name);
  const stop = (options: { pglite?: string; databaseUrl?: string }) => buildAndStop(seedToday, options);
  if (!baseUrl) {
    if (!existsSync(paths.summary)) {
      rmSync(paths.dir, { recursive: true, force: true });
      const seeded = await stop({ pglite: paths.dir });
      const stopped = await openPglite(paths.dir);
      const image = await stopped.dump();
      await stopped.close();
      rmSync(paths.dir, { recursive: true, force: true });
      writeWhole(paths.tar, Buffer.from(await image.arrayBuffer()));
      writeWhole(paths.summary, JSON.stringify({ seeded }));
    }
    return { seeded: JSON.parse(readFileSync(paths.summary, 'utf8')).seeded, pglite: new Blob([readFileSync(paths.tar)]) };
  }
  const template = `${imageDatabasePrefix(runId())}${name}`;
  if (!existsSync(paths.summary)) {
    await adminDo(baseUrl, [`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`, `CREATE DATABASE ${template}`]);
    const seeded = await stop({ databaseUrl: withDatabase(baseUrl, template) });
    writeWhole(paths.summary, JSON.stringify({ seeded }));
  }
  return { seeded: JSON.parse(readFileSync(paths.summary, 'utf8')).seeded, postgres: await copyDatabase(baseUrl, template) };
}

/** A fresh PGlite's data folder, before any schema: opening from it skips initdb. */
export async function blankPgliteImage(): Promise<Blob> {
  const paths = imagePaths('blank');
  if (!existsSync(paths.tar)) {
    const fresh = await openPglite();
    const image = await fresh.dump();
    await fresh.close();
    writeWhole(paths.tar, Buffer.from(await image.arrayBuffer()));
  }
  return new Blob([readFileSync(paths.tar)]);
}

async function buildAndStop(seedToday: string | null, options: { pglite?: string; databaseUrl?: string }): Promise<SeedSummary | null> {
  const env: Record<string, string | undefined> = { DATABASE_URL: options.databaseUrl };
  const system = await startSystem({
    env,
    pglite: options.pglite,
    seed: seedToday !== null,
    seedToday: seedToday ?? undefined,
    anyPorts: true,
    manualConsumers: true,
  });
  await system.close();
  if (seedToday !== null && !system.seeded) throw new Error('the image database was not empty');
  return system.seeded;
}

async function adminDo(baseUrl: string, statements: string[]): Promise<void> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    for (const statement of statements) await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

async function copyDatabase(baseUrl: string, template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `xt_${randomBytes(6).toString('hex')}`;
  await adminDo(baseUrl, [`CREATE DATABASE ${name} TEMPLATE ${template}`]);
  return {
    url: withDatabase(baseUrl, name),
    drop: () => adminDo(baseUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
  };
}

function withDatabase(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
