import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { readFeed, type FeedPosition } from '../subgraphs/kit/events.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { recordsOutbox } from '../subgraphs/records/tables.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, queryRows, useSeededSystem } from './support/system.js';

/**
 * The feed's horizon holds only for transactions that could write the producer's outbox: a stranger's
 * open transaction (another database on the server, or a role in this database that cannot insert into
 * the outbox) must not hold consumers, and a producer transaction that commits later is never skipped.
 */
const ctx = useSeededSystem({ seed: false });
const onPostgres = Boolean(process.env.DATABASE_URL);
const POSTGRES_ONLY = 'PostgreSQL only: PGlite has a single connection, so no other transaction can be open while the feed is read';
const unique = () => randomBytes(4).toString('hex');

async function reportCompanies(prefix: string, count: number) {
  const input = Array.from({ length: count }, (_, i) => ({
    subject: { creditCode: makeCreditCode(`91320585MA${prefix}${String(i).padStart(5, '0')}`), name: `水位测试${prefix}${i}` },
    category: 'PRICE_NOT_MARKED',
    decisionDate: '2026-10-01',
    facts: '未明码标价',
    penalty: WARNING_PENALTY,
    unitReference: `FH-${prefix}-${i}`,
  }));
  const { body } = await post(
    ctx.system.gateway.url,
    `mutation($input: [RecordReportInput!]!) { reportRecords(input: $input) { outcome } }`,
    { input },
    AS.marketRegulation,
  );
  expect(body.data.reportRecords.every((r: any) => r.outcome === 'CREATED')).toBe(true);
}

async function subjectsNamed(prefix: string): Promise<number> {
  const { body } = await post(
    ctx.system.gateway.url,
    `{ subjects(first: 100, filter: { nameContains: "水位测试${prefix}" }) { totalCount } }`,
    {},
    AS.creditOffice,
  );
  return body.data.subjects.totalCount;
}

/** Polls the consumers until `count` subjects named after `prefix` are open, or `withinMs` has passed; returns the time taken. */
async function consumersDeliver(prefix: string, count: number, withinMs = 5000): Promise<number> {
  const started = Date.now();
  let found = 0;
  while (found < count && Date.now() - started < withinMs) {
    for (const consumer of ctx.system.consumers) await consumer.pollOnce();
    found = await subjectsNamed(prefix);
    if (found < count) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(found).toBe(count);
  return Date.now() - started;
}

async function feedEnd(): Promise<FeedPosition | null> {
  const all = await readFeed(ctx.system.db.records, recordsOutbox, null, 100_000);
  const last = all.at(-1);
  return last ? { txid: last.txid, id: last.id } : null;
}

function urlAs(base: string, changes: { database?: string; username?: string }): string {
  const url = new URL(base);
  if (changes.database) url.pathname = `/${changes.database}`;
  if (changes.username) url.username = changes.username;
  return url.toString();
}

/** A transaction held open on its own connection, with a transaction id assigned (as any writing transaction has). */
async function holdTransaction(url: string, work: (session: postgres.ReservedSql) => Promise<unknown>) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const session = await client.reserve();
  await session`begin`;
  await work(session);
  const [row] = await session<{ xid: string }[]>`select pg_current_xact_id()::text as xid`;
  return {
    xid: row!.xid,
    session,
    async end(how: 'commit' | 'rollback' = 'rollback') {
      await session.unsafe(how);
      session.release();
      await client.end();
    },
  };
}

describe('event feed horizon', () => {
  it('hands out committed events at once and the consumers apply them (the horizon query runs on this database)', async () => {
    const end = await feedEnd();
    await reportCompanies('HA', 2);
    const fresh = await readFeed(ctx.system.db.records, recordsOutbox, end, 100);
    expect(fresh.filter((event) => event.type === 'record.created')).toHaveLength(2);
    await consumersDeliver('HA', 2);
  });

  /** Holds the stranger's transaction open, reports records, and expects the feed and the consumers to deliver them at once. */
  async function deliversDespite(prefix: string, stranger: () => Promise<Awaited<ReturnType<typeof holdTransaction>>>) {
    const local = postgres(ctx.system.testDatabaseUrl!, { max: 1, onnotice: () => {} });
    const held = await stranger();
    try {
      // What the old rule waited for: the oldest transaction running anywhere on the server is at most the stranger's.
      const [snapshot] = await local<{ xmin: string }[]>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`;
      expect(BigInt(snapshot!.xmin)).toBeLessThanOrEqual(BigInt(held.xid));
      const end = await feedEnd();
      await reportCompanies(prefix, 3);
      const fresh = await readFeed(ctx.system.db.records, recordsOutbox, end, 100);
      expect(fresh.filter((event) => event.type === 'record.created')).toHaveLength(3);
      expect(await consumersDeliver(prefix, 3)).toBeLessThan(5000);
    } finally {
      await held.end();
      await local.end();
    }
  }

  it.skipIf(!onPostgres)(`is not held by a long transaction in another database on the same server (${POSTGRES_ONLY})`, async () => {
    const base = process.env.DATABASE_URL!;
    const otherDatabase = `xt_stranger_${unique()}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${otherDatabase}`);
      // A long report there, as the superuser: it may write anything in its own database.
      await deliversDespite('HB', () =>
        holdTransaction(
          urlAs(base, { database: otherDatabase }),
          (s) => s`create temp table report_scratch as select generate_series(1, 1000) as n`,
        ),
      );
    } finally {
      await admin.unsafe(`drop database if exists ${otherDatabase} with (force)`);
      await admin.end();
    }
  });

  it.skipIf(!onPostgres)(
    `is not held by unrelated work in another schema of this database, by a role that cannot write the outbox (${POSTGRES_ONLY})`,
    async () => {
      const base = process.env.DATABASE_URL!;
      const testUrl = ctx.system.testDatabaseUrl!;
      const tag = unique();
      const strangerRole = `xt_stranger_${tag}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      const local = postgres(testUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create role ${strangerRole} login`);
        await local.unsafe(`create schema stranger_${tag} authorization ${strangerRole}`);
        await deliversDespite('HE', () =>
          holdTransaction(urlAs(testUrl, { username: strangerRole }), (s) =>
            s.unsafe(`create table stranger_${tag}.work as select 1 as n`),
          ),
        );
      } finally {
        await local.unsafe(`drop schema if exists stranger_${tag} cascade`);
        await local.end();
        await admin.unsafe(`drop role if exists ${strangerRole}`);
        await admin.end();
      }
    },
  );

  it.skipIf(!onPostgres)(
    `never skips an event of a producer transaction held open while later events commit: delivered after it commits, in order (${POSTGRES_ONLY})`,
    async () => {
      const end = await feedEnd();
      const slow = await holdTransaction(
        ctx.system.testDatabaseUrl!,
        (s) => s`insert into records.outbox (type, subject_id, payload) values ('test.slow', 'x', '{}')`,
      );
      try {
        await reportCompanies('HC', 2);
        expect(await readFeed(ctx.system.db.records, recordsOutbox, end, 100)).toEqual([]);
        for (const consumer of ctx.system.consumers) await consumer.pollOnce();
        expect(await subjectsNamed('HC')).toBe(0);
      } finally {
        await slow.end('commit');
      }
      const settled = await readFeed(ctx.system.db.records, recordsOutbox, end, 100);
      expect(settled[0]!.type).toBe('test.slow');
      expect(settled[0]!.txid).toBe(slow.xid);
      expect(settled.slice(1).filter((event) => event.type === 'record.created')).toHaveLength(2);
      expect(settled.every((event) => BigInt(event.txid) > BigInt(slow.xid) || event.type === 'test.slow')).toBe(true);
      await consumersDeliver('HC', 2);
    },
  );

  it.skipIf(!onPostgres)(
    `waits for a producer transaction that took its id before the feed was read and writes its event only afterwards (${POSTGRES_ONLY})`,
    async () => {
      const end = await feedEnd();
      // Its id is taken by earlier work (here: a temp table); the outbox row comes later in the same transaction.
      const late = await holdTransaction(ctx.system.testDatabaseUrl!, (s) => s`create temp table scratch (n int)`);
      try {
        await reportCompanies('HD', 1);
        expect(await readFeed(ctx.system.db.records, recordsOutbox, end, 100)).toEqual([]);
        await late.session`insert into records.outbox (type, subject_id, payload) values ('test.late', 'x', '{}')`;
        expect(await readFeed(ctx.system.db.records, recordsOutbox, end, 100)).toEqual([]);
      } finally {
        await late.end('commit');
      }
      const settled = await readFeed(ctx.system.db.records, recordsOutbox, end, 100);
      expect(settled.map((event) => event.type)[0]).toBe('test.late');
      expect(settled.filter((event) => event.type === 'record.created')).toHaveLength(1);
    },
  );

  it.skipIf(!onPostgres)(
    `counts every role that may write the outbox: granted INSERT, or a member that can SET ROLE to one (${POSTGRES_ONLY})`,
    async () => {
      const base = process.env.DATABASE_URL!;
      const testUrl = ctx.system.testDatabaseUrl!;
      const tag = unique();
      const granted = `xt_writer_${tag}`;
      const member = `xt_member_${tag}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      const local = postgres(testUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create role ${granted} login`);
        // NOINHERIT: the member has no privilege of its own, but may SET ROLE to the writer at any time.
        await admin.unsafe(`create role ${member} login noinherit in role ${granted}`);
        await local.unsafe(
          `grant usage on schema records to ${granted}; grant insert on records.outbox to ${granted}; grant usage on sequence records.outbox_id_seq to ${granted}`,
        );
        for (const [role, prelude] of [
          [granted, ''],
          [member, `set local role ${granted}`],
        ] as const) {
          const end = await feedEnd();
          const writer = await holdTransaction(urlAs(testUrl, { username: role }), async (s) => {
            if (prelude) await s.unsafe(prelude);
            await s`select pg_current_xact_id()`;
          });
          try {
            await local`insert into records.outbox (type, subject_id, payload) values ('test.after', 'y', '{}')`;
            expect(await readFeed(ctx.system.db.records, recordsOutbox, end, 100), role).toEqual([]);
            await writer.session`insert into records.outbox (type, subject_id, payload) values ('test.held', 'x', '{}')`;
          } finally {
            await writer.end('commit');
          }
          const settled = await readFeed(ctx.system.db.records, recordsOutbox, end, 100);
          expect(
            settled.map((event) => event.type),
            role,
          ).toEqual(['test.held', 'test.after']);
        }
      } finally {
        await local.unsafe(`drop owned by ${granted}, ${member}`).catch(() => {});
        await local.end();
        await admin.unsafe(`drop role if exists ${member}`);
        await admin.unsafe(`drop role if exists ${granted}`);
        await admin.end();
      }
    },
  );

  it('hands out the whole log when nothing else is running', async () => {
    const rows = await queryRows<{ n: number }>(ctx.system.db.records.execute(sql`select count(*)::int as n from records.outbox`));
    const all = await readFeed(ctx.system.db.records, recordsOutbox, null, 100_000);
    expect(all).toHaveLength(Number(rows[0]!.n));
  });
});
