import { sql } from 'drizzle-orm';
import type { Db } from '../../subgraphs/kit/db.js';
import { rowsOf } from '../../subgraphs/kit/rows.js';
import { cursorsBehind } from './growth.js';
import type { Services } from './services.js';

/**
 * Waits until the platform has settled after a start: the subgraphs' start-up housekeeping (records' sweep of
 * shown statuses, incentives' re-assessment of expired effects) and autovacuum read whole tables at the grown
 * size, and a measurement beside them would time them, not the credit file. Settled: for 3 s in a row, no
 * statement of this database running longer than 1 s, no autovacuum on it, and the six processes using under
 * a fifth of a core.
 */
export async function waitSettled(services: Services, db: Db, say: (line: string) => void, timeoutMs = 45 * 60_000): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let cpu = services.cpuMs();
  let lastSaid = started;
  while (quiet < 3) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [row] = rowsOf<{ long: number; vacuums: number; what: string | null }>(
      await db.execute(sql`
        select count(*) filter (where state = 'active' and backend_type = 'client backend' and now() - query_start > interval '1 second')::int as long,
          count(*) filter (where backend_type = 'autovacuum worker')::int as vacuums,
          string_agg(left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 100), ' | ') filter (where state = 'active') as what
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`),
    );
    const used = services.cpuMs() - cpu;
    cpu += used;
    quiet = row!.long === 0 && row!.vacuums === 0 && used < 200 ? quiet + 1 : 0;
    if (performance.now() - lastSaid > 15_000) {
      lastSaid = performance.now();
      say(
        `settling for ${((lastSaid - started) / 1000).toFixed(0)} s: ${row!.long} long statement(s), ${row!.vacuums} autovacuum(s), ${used.toFixed(0)} ms CPU/s${
          row!.what ? `: ${row!.what}` : ''
        }`,
      );
    }
    if (performance.now() - started > timeoutMs) throw new Error(`the platform did not settle in ${timeoutMs / 60_000} min`);
  }
  return (performance.now() - started) / 1000;
}

/** Waits until every consumer has read its producers' logs to the end (the seed's last events, the start-up sweep's). */
export async function waitCaughtUp(db: Db, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const behind = await cursorsBehind(db);
    if (!behind.length) return;
    if (Date.now() > until) throw new Error(`consumers still behind after ${timeoutMs / 1000} s: ${behind.join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** How many subjects and records the database holds, and its size on disk. */
export async function sizes(db: Db) {
  const [row] = rowsOf<{ subjects: string; records: string; bytes: string }>(
    await db.execute(sql`
      select (select count(*) from subjects.subjects)::text as subjects, (select count(*) from records.credit_records)::text as records,
        pg_database_size(current_database())::text as bytes`),
  );
  return { subjects: Number(row!.subjects), records: Number(row!.records), bytes: Number(row!.bytes) };
}
export type Sizes = Awaited<ReturnType<typeof sizes>>;
