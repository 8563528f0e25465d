import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openConnection, openPglite, type Connection, type Db } from '../../subgraphs/kit/db.js';
import { blankPgliteImage } from './platform-image.js';

/**
 * With DATABASE_URL, a fresh PostgreSQL database of its own (dropped by `drop`), so test files never see
 * each other's rows; without it, no URL: the caller uses PGlite in memory.
 */
export async function freshDatabase(baseUrl = process.env.DATABASE_URL): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  if (!baseUrl) return { url: undefined, drop: async () => {} };
  const name = `xt_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A connection for a test that builds one subgraph: PGlite in memory, or a fresh PostgreSQL database. */
export async function openTestConnection(): Promise<Connection> {
  const database = await freshDatabase();
  // A fresh PGlite starts from the run's blank data folder: the same database, without initdb's two seconds.
  const conn = database.url ? await openConnection({ url: database.url }) : await openPglite(undefined, await blankPgliteImage());
  return {
    ...conn,
    close: async () => {
      await conn.close();
      await database.drop();
    },
  };
}

/**
 * A test file's own database holding the scratch tables `statements` create (kit tests that attack a
 * helper on tables of their own): open before the file's tests, dropped after. Call the answer for the db.
 */
export function useScratchTables(statements: SQL[]): () => Db {
  let conn: Connection | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    conn = await openTestConnection();
    db = conn.forSubgraph('records');
    for (const statement of statements) await db.execute(statement);
  });
  afterAll(async () => conn?.close());
  return () => db!;
}
