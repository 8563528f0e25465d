/** The benchmark's own PostgreSQL database: created fresh, dropped at the end, so runs never see each other's rows. */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  url: string;
  name: string;
  /** `SELECT version()` of the server, for the report. */
  version: string;
  drop(): Promise<void>;
}

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function onAdmin<T>(baseUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The audit entries the five trails gained since a mark: counted above the mark's last sequence number of each
 * (an index range, not a whole count; sequence numbers burnt by a rolled-back append are not entries).
 */
export function auditCounter(url: string, schemas: readonly string[]) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const last = schemas.map((schema, i) => `(select coalesce(max(seq), 0) from ${schema}.audit_log) as m${i}`).join(', ');
  return {
    mark: async (): Promise<number[]> => Object.values((await sql.unsafe(`select ${last}`))[0]!).map(Number),
    since: async (mark: number[]): Promise<number> => {
      const counts = schemas.map((schema, i) => `(select count(*) from ${schema}.audit_log where seq > ${mark[i]!})`).join(' + ');
      return Number((await sql.unsafe<{ n: string }[]>(`select ${counts} as n`))[0]!.n);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
  if (!/^postgres(ql)?:\/\//.test(baseUrl)) throw new Error(`DATABASE_URL must be a postgres:// URL, got "${baseUrl}"`);
  const name = `xt_bench_${randomBytes(4).toString('hex')}`;
  let version: string;
  try {
    version = await onAdmin(baseUrl, async (sql) => {
      const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
      await sql.unsafe(`create database ${name}`);
      return row!.version;
    });
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new Error(
      `PostgreSQL is not reachable at ${redacted(baseUrl)} (${reason}): bench:compare runs the subgraphs as separate processes on PostgreSQL; start it or set DATABASE_URL (a role that may CREATE DATABASE)`,
    );
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    version,
    async drop() {
      if (dropped) return;
      dropped = true;
      await onAdmin(baseUrl, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
    },
  };
}
