import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { log } from '../subgraphs/kit/log.js';

/**
 * A blank PGlite data folder (initdb done, nothing else), kept in node_modules/.cache for the installed
 * PGlite version. initdb is the dearest step of a first `npm start` (2 s of WebAssembly on an idle core);
 * an empty folder is started from this copy instead. It holds no data of ours and is rebuilt when PGlite changes.
 */
const pgliteVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

export const templatePath = (): string =>
  join(fileURLToPath(new URL('../node_modules/.cache/xinyong-taicang/', import.meta.url)), `pglite-${pgliteVersion()}-blank.tar.gz`);

/** A folder PGlite has never started in: absent, or empty. */
export const isFreshFolder = (dir: string): boolean => !existsSync(dir) || readdirSync(dir).length === 0;

/** Builds the template if it is missing; returns where it is. Written whole or not at all. */
export async function buildTemplate(path = templatePath()): Promise<string> {
  if (existsSync(path)) return path;
  const blank = await PGlite.create();
  const image = await blank.dumpDataDir('gzip');
  await blank.close();
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

/** The template as PGlite loads it, when it was built; undefined otherwise (the folder then runs initdb). */
export function blankTemplate(path = templatePath()): Blob | undefined {
  try {
    return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
  } catch (error) {
    log.warn({ err: error, path }, 'PGlite template unreadable; starting with initdb');
    return undefined;
  }
}
