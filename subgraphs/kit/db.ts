import net from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql, type Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { ConfigError } from './config.js';
import { rowsOf } from './rows.js';
import { sqlStatements } from './metrics.js';

/**
 * The driver-neutral drizzle handle every data module is written against. Data-module methods are
 * `async`: a drizzle builder is a thenable that runs its SQL on every `.then()`, and Apollo Server's
 * instrumentation calls `.then` on resolver results too, so a builder handed back raw runs twice.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Sees every SQL statement a subgraph sends: used to prove batching and to count work in benchmarks. */
export type QueryObserver = (subgraph: string, sql: string) => void;

export interface Connection {
  kind: 'pglite' | 'postgres';
  /** A drizzle handle for one subgraph; the subgraph name tags its statements for observers. */
  forSubgraph(subgraph: string, observer?: QueryObserver): Db;
  /** Applies the subgraph's committed drizzle-kit migrations; its journal lives in its own schema. */
  migrate(subgraph: string, migrationsFolder: URL): Promise<void>;
  close(): Promise<void>;
}

/** Every statement is counted (xt_sql_statements_total); an observer (benchmarks, tests) sees its text too. */
export function loggerFor(subgraph: string, observer?: QueryObserver): Logger {
  const statements = sqlStatements.labels({ subgraph });
  return {
    logQuery: (sql) => {
      statements.inc();
      observer?.(subgraph, sql);
    },
  };
}

export function migrationConfig(subgraph: string, folder: URL) {
  return { migrationsFolder: fileURLToPath(folder), migrationsSchema: subgraph, migrationsTable: '__migrations' };
}

/**
 * PGlite: the embedded default. `dataDir` undefined keeps everything in memory; `image` (a data folder as
 * PGlite's `dumpDataDir` wrote it) starts the database as that folder was. Loaded only when used: a production
 * install (`npm ci --omit=dev`) runs on PostgreSQL and has no PGlite.
 */
export async function openPglite(dataDir?: string, image?: Blob): Promise<PgliteConnection> {
  let embedded: typeof import('./db-pglite.js');
  try {
    embedded = await import('./db-pglite.js');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      'DATABASE_URL is not set and the embedded PGlite is not installed (a production install leaves it out): set DATABASE_URL=postgres://…, or install with npm ci',
    );
  }
  return embedded.openPgliteConnection(dataDir, image, { loggerFor, migrationConfig });
}

export type PgliteConnection = Connection & { dump(): Promise<Blob> };

/**
 * STATEMENT_TIMEOUT_MS (default 30 s, 0 = none): the server cancels a statement that runs longer, so a
 * request the gateway has given up on (its deadline passed) does not keep a connection and a backend busy.
 */
export function statementTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.STATEMENT_TIMEOUT_MS ?? '30000';
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0: no limit), got "${raw}"`);
  return value;
}

/**
 * DB_POOL_SIZE: the PostgreSQL connections of one subgraph's pool. The platform in one process opens a pool
 * per subgraph, as the services alone do, so one busy subgraph never waits for another's connections.
 * Default: twice the cores, from 2 to 10 — PostgreSQL on a small machine runs no more statements at once
 * usefully, and a larger pool only moves the queue into the server (2 cores: 4 a subgraph, 20 a platform, so
 * a test run's two platforms at once and other clients stay well inside max_connections = 100).
 */
export function poolSize(env: Record<string, string | undefined> = process.env, cores = availableParallelism()): number {
  const raw = env.DB_POOL_SIZE;
  if (raw === undefined || raw === '') return Math.min(10, Math.max(2, 2 * cores));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000)
    throw new ConfigError(`DB_POOL_SIZE must be a whole number of connections per subgraph, 1-1000, got "${raw}"`);
  return value;
}

/**
 * Refuses pools that together could take more connections than the server admits: PostgreSQL would refuse
 * them one by one under load instead, as failed requests. `pools` is how many pools of `size` this process
 * opens on the server `db` reaches.
 */
export async function checkPoolBudget(db: Db, pools: number, size: number): Promise<void> {
  const [row] = rowsOf<{ admitted: number }>(
    await db.execute(
      sql`select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int as admitted`,
    ),
  );
  const admitted = Number(row?.admitted);
  if (Number.isFinite(admitted) && pools * size > admitted)
    throw new ConfigError(
      `DB_POOL_SIZE=${size} for ${pools} subgraphs is ${pools * size} connections, more than the ${admitted} this PostgreSQL admits (max_connections); lower DB_POOL_SIZE`,
    );
}

/**
 * postgres.js connects its sockets with Nagle's algorithm on, so a small message written after a large one
 * waits for the server's delayed ACK (about 40 ms on Linux): the second COPY of an intake batch started 43 ms
 * after the first ended, and 0.4 ms with TCP_NODELAY (measured on PostgreSQL 15 over loopback). Its `socket`
 * option takes the socket from here instead: returned while still connecting (postgres.js queues its start-up
 * message and handles errors, close and TLS on it as on its own), hosts taken in turn as it would.
 */
export function noDelaySockets(): (options: { host: string[]; port: number[]; path?: string | false }) => net.Socket {
  let next = 0;
  return ({ host, port, path }) => {
    if (path) return net.connect(path);
    const i = next++ % host.length;
    return net.connect({ host: host[i]!, port: port[i] ?? port[0]!, noDelay: true });
  };
}

export async function openPostgres(
  url: string,
  options: { maxConnections?: number; statementTimeoutMs?: number } = {},
): Promise<Connection> {
  const { maxConnections = 10, statementTimeoutMs = 30_000 } = options;
  // Notices ("schema already exists, skipping") are expected during migration and are not errors.
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    connection: { statement_timeout: statementTimeoutMs },
    // `socket` is documented by postgres.js but missing from its types (3.4.9).
    ...({ socket: noDelaySockets() } as object),
  });
  await client`select 1`;
  const plain = drizzlePostgres({ client });
  return {
    kind: 'postgres',
    forSubgraph: (subgraph, observer) => drizzlePostgres({ client, logger: loggerFor(subgraph, observer) }) as unknown as Db,
    migrate: (subgraph, folder) => migratePostgres(plain, migrationConfig(subgraph, folder)),
    close: () => client.end({ timeout: 5 }),
  };
}

export function openConnection(options: { url?: string; pgliteDir?: string }): Promise<Connection> {
  return options.url ? openPostgres(options.url) : openPglite(options.pgliteDir);
}
