/**
 * Attack on the event feed's promise (kit/events.ts): a consumer that has read past a position never misses
 * anything there. What broke it: readFeed selected `txid::text as txid` and ordered `by txid, id`, and a bare
 * name in ORDER BY means the output column, so pages were sorted by the transaction id's decimal text. Within
 * one number of digits that is the numeric order; across a power of ten it is not ('1000' < '999'). A page cut
 * at `limit` then held the ids with more digits, the cursor moved numerically past them, and the events of
 * the transactions just below the power of ten were never handed out. With registration set-based (05313a8)
 * the demo seed's first records events came at txids 780–999 and the log crossed 1000 before incentives read
 * it: its first page ran from 1001 to 1433, and 13–32 records never reached record_facts. Item by item, the
 * registrations' savepoints had used the ids below 1000 up first. PostgreSQL crosses 10⁴, 10⁵, 10⁶… the same.
 *
 * The tests write to records' outbox as records does and read it through the real incentives consumer; where a
 * test must place events on both sides of a power of ten below the ids PostgreSQL hands out now, it writes the
 * txid column itself (the feed reads it as data), and on PGlite it also crosses one with real transactions.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecrets } from '../subgraphs/kit/config.js';
import { openConnection, openPglite, type Connection, type Db } from '../subgraphs/kit/db.js';
import { eventOf, type OutgoingEvent } from '../subgraphs/kit/event-map.js';
import { createConsumer, publish, readFeed, type FeedEvent, type FeedPosition, type NewEvent } from '../subgraphs/kit/events.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import type { Consumption } from '../subgraphs/kit/subgraph.js';
import { incentivesCursors, recordFacts } from '../subgraphs/incentives/tables.js';
import { recordsOutbox } from '../subgraphs/records/tables.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import { freshDatabase } from './support/database.js';
import { blankPgliteImage } from './support/platform-image.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** Records' outbox and incentives' tables in one database, as the platform in one process keeps them. */
const ctx = {} as {
  conn: Connection;
  url: string | undefined;
  drop(): Promise<void>;
  records: Db;
  incentives: Db;
  consumption: Consumption;
};

beforeAll(async () => {
  const database = await freshDatabase();
  ctx.url = database.url;
  ctx.drop = database.drop;
  ctx.conn = database.url ? await openConnection({ url: database.url }) : await openPglite(undefined, await blankPgliteImage());
  ctx.records = ctx.conn.forSubgraph('records');
  ctx.incentives = ctx.conn.forSubgraph('incentives');
  await ctx.conn.migrate('records', new URL('../subgraphs/records/migrations', import.meta.url));
  const incentives = (await SUBGRAPHS.incentives.load())({ db: ctx.incentives, secrets: loadSecrets({}), env: {} });
  await ctx.conn.migrate('incentives', incentives.migrations);
  await incentives.prepare();
  ctx.consumption = incentives.consumes.find((c) => c.producer === 'records')!;
});
afterAll(async () => {
  await ctx.conn?.close();
  await ctx.drop?.();
});

const rows = async <T>(db: Db, query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query));

/** The id the next writing transaction will get is above this one (the call itself takes one). */
async function takeXid(db: Db = ctx.records): Promise<bigint> {
  const [row] = await rows<{ xid: string }>(db, sql`select pg_current_xact_id()::text as xid`);
  return BigInt(row!.xid);
}

/** The largest power of ten with `room` transaction ids above it that are all already handed out (below the horizon). */
async function powerOfTenBelowNow(room: number): Promise<bigint> {
  const now = await takeXid();
  let power = 10n;
  while (power * 10n + BigInt(room) < now) power *= 10n;
  expect(power + BigInt(room)).toBeLessThan(now);
  return power;
}

const company = (n: number) => makeCreditCode(`91320585FG${String(n).padStart(7, '0')}`);

/** A record.created as records publishes it, for a subject incentives has never heard of (no subject.registered). */
function recordCreated(subjectId: string): OutgoingEvent<'record.created'> {
  return eventOf('record.created', subjectId, {
    id: randomUUID(),
    subjectId,
    subjectIsPerson: false,
    category: 'PRICE_NOT_MARKED',
    categoryLabel: '未明码标价',
    kind: 'ADMINISTRATIVE_PENALTY',
    severity: 'MINOR',
    status: 'ACTIVE',
    decisionDate: '2026-10-01',
    minimumUntil: null,
    publicUntil: '2027-10-01',
    effectUntil: '2027-10-01',
    deferredUntil: null,
    reportingUnitId: 'market-regulation',
    version: 1,
    repairable: true,
  });
}

const recordIdOf = (event: OutgoingEvent<'record.created'>) => event.payload.id;

/** Events as if committed by transaction `txid`: the column is written, not defaulted. */
async function writeAt(txid: bigint, events: NewEvent[]): Promise<void> {
  await ctx.records.insert(recordsOutbox).values(events.map((event) => ({ ...event, txid: txid.toString() })));
}

const position = (event: FeedEvent): FeedPosition => ({ txid: event.txid, id: event.id });
const numericOrder = (a: FeedPosition, b: FeedPosition) => {
  const [x, y] = [BigInt(a.txid), BigInt(b.txid)];
  return x === y ? a.id - b.id : x < y ? -1 : 1;
};

/** Every event the feed hands out from the start, `limit` at a time, each page read after the last one's end. */
async function readAll(limit: number): Promise<FeedEvent[]> {
  const all: FeedEvent[] = [];
  for (let after: FeedPosition | null = null; ;) {
    const page = await readFeed(ctx.records, recordsOutbox, after, limit);
    if (!page.length) return all;
    all.push(...page);
    after = position(page.at(-1)!);
  }
}

/** The records consumer exactly as the platform builds it for incentives (default page size), cursor under `key`. */
function incentivesConsumer(key: string) {
  const { producer, cursors, apply, applyBatch } = ctx.consumption;
  return createConsumer({
    producer,
    cursorKey: key,
    consumer: 'incentives',
    cursors,
    apply,
    applyBatch,
    db: ctx.incentives,
    internalSecret: 'unused: the feed is read in process',
    source: (after, limit) => readFeed(ctx.records, recordsOutbox, after, limit),
  });
}

async function projected(recordIds: string[]): Promise<number> {
  const found = await ctx.incentives.select({ id: recordFacts.recordId }).from(recordFacts).where(inArray(recordFacts.recordId, recordIds));
  return found.length;
}

async function cursorOf(key: string): Promise<FeedPosition | null> {
  const [row] = await rows<{ txid: string; event_id: number | string }>(
    ctx.incentives,
    sql`select txid, event_id from ${incentivesCursors} where producer = ${key}`,
  );
  return row ? { txid: row.txid, id: Number(row.event_id) } : null;
}

describe('event feed across a power of ten of transaction ids', () => {
  beforeAll(async () => {
    await ctx.records.execute(sql`truncate ${recordsOutbox}`);
  });

  it('hands out every event page by page in numeric (txid, id) order, whatever order the ids were taken in', async () => {
    await ctx.records.execute(sql`truncate ${recordsOutbox}`);
    const power = await powerOfTenBelowNow(3);
    // The transactions above the power commit first (lower ids), as transactions committing out of id order do.
    for (const txid of [power, power + 2n, power + 1n, power - 1n, power - 2n, power - 3n]) {
      await writeAt(
        txid,
        Array.from({ length: 4 }, (_, i) => recordCreated(company(i))),
      );
    }
    const stored = await rows<{ txid: string; id: number | string }>(ctx.records, sql`select txid::text as txid, id from ${recordsOutbox}`);
    const expected = stored.map((row) => ({ txid: row.txid, id: Number(row.id) })).sort(numericOrder);
    expect(expected).toHaveLength(24);

    for (const limit of [3, 5, 7, 100]) {
      const read = (await readAll(limit)).map(position);
      expect(read, `pages of ${limit}`).toEqual(expected);
    }
  });

  it('incentives projects every record of a backlog that crosses a power of ten, for subjects it has never heard of', async () => {
    await ctx.records.execute(sql`truncate ${recordsOutbox}`);
    const power = await powerOfTenBelowNow(6);
    // As the seed's log was when incentives first read it: one transaction's records below the power, more than a
    // page (500) above it.
    const below = Array.from({ length: 100 }, (_, i) => recordCreated(company(i % 50)));
    await writeAt(power - 1n, below);
    const above: OutgoingEvent<'record.created'>[] = [];
    for (let t = 0n; t < 6n; t++) {
      const events = Array.from({ length: 100 }, (_, i) => recordCreated(company(i % 50)));
      above.push(...events);
      await writeAt(power + t, events);
    }
    const recordIds = [...below, ...above].map(recordIdOf);
    const consumer = incentivesConsumer('records-power-of-ten');

    expect(await consumer.pollOnce()).toBe(700);
    expect({ below: await projected(below.map(recordIdOf)), above: await projected(above.map(recordIdOf)) }).toEqual({
      below: 100,
      above: 600,
    });
    expect(await projected(recordIds)).toBe(700);
    const [last] = await rows<{ txid: string; id: number | string }>(
      ctx.records,
      sql`select txid::text as txid, id from ${recordsOutbox} order by ${recordsOutbox.txid} desc, ${recordsOutbox.id} desc limit 1`,
    );
    expect(await cursorOf('records-power-of-ten')).toEqual({ txid: last!.txid, id: Number(last!.id) });
    expect(await consumer.pollOnce()).toBe(0);
  });

  it.skipIf(onPostgres)(
    'incentives projects every record when real transactions cross a power of ten between two reads (PGlite: its counter is private; on a shared PostgreSQL server the test does not push every database across one)',
    async () => {
      await ctx.records.execute(sql`truncate ${recordsOutbox}`);
      let xid = await takeXid();
      let power = 10n;
      while (power <= xid + 2n) power *= 10n;
      expect(power - xid, 'transaction ids to use up before the power of ten').toBeLessThan(20_000n);
      while (xid < power - 2n) xid = await takeXid();

      const consumer = incentivesConsumer('records-real-transactions');
      expect(await consumer.pollOnce()).toBe(0);
      const written: OutgoingEvent<'record.created'>[] = [];
      // Seven calls of 100 records as reportRecords commits them: the first just below the power, six from it on.
      for (let call = 0; call < 7; call++) {
        const events = Array.from({ length: 100 }, (_, i) => recordCreated(company(100 + i)));
        await ctx.records.transaction((tx) => publish(tx, recordsOutbox, events));
        written.push(...events);
      }
      const txids = (await rows<{ txid: string }>(ctx.records, sql`select distinct txid::text as txid from ${recordsOutbox}`)).map((r) =>
        BigInt(r.txid),
      );
      expect(txids.filter((t) => t < power)).toEqual([power - 1n]);
      expect(txids.filter((t) => t >= power)).toHaveLength(6);

      expect(await consumer.pollOnce()).toBe(700);
      expect(await projected(written.map(recordIdOf))).toBe(700);
    },
  );
});

describe('consumer against a feed that breaks its order', () => {
  const event = (txid: string, id: number): FeedEvent => ({
    type: 'test.noted',
    subjectId: 'x',
    payload: {},
    id,
    txid,
    at: new Date().toISOString(),
  });

  /** A consumer of a fixed feed (a producer still running a faulty readFeed, say) that notes what it applies. */
  function consumerOfPages(key: string, pages: FeedEvent[][]) {
    const applied: string[] = [];
    const consumer = createConsumer({
      producer: 'records',
      cursorKey: key,
      consumer: 'incentives',
      cursors: incentivesCursors,
      db: ctx.incentives,
      internalSecret: 'unused',
      source: async () => pages.shift() ?? [],
      apply: async (_tx, e) => void applied.push(`${e.txid}:${e.id}`),
    });
    return { consumer, applied };
  }

  it('refuses a page not in numeric (txid, id) order: nothing applied, the cursor stays, the next read asks again', async () => {
    // What the old readFeed handed out across 1000: the text order of the ids.
    const { consumer, applied } = consumerOfPages('records-text-order', [
      [event('1000', 5), event('1001', 6), event('999', 7)],
      [event('999', 7), event('1000', 5), event('1001', 6)],
    ]);
    await expect(consumer.pollOnce()).rejects.toThrow(/out of order/);
    expect(applied).toEqual([]);
    expect(await cursorOf('records-text-order')).toBeNull();
    expect(await consumer.pollOnce()).toBe(3);
    expect(applied).toEqual(['999:7', '1000:5', '1001:6']);
    expect(await cursorOf('records-text-order')).toEqual({ txid: '1001', id: 6 });
  });

  it('refuses a page that does not start after its cursor (it would hide the gap between them)', async () => {
    const { consumer, applied } = consumerOfPages('records-behind', [
      [event('1000', 5), event('1000', 9)],
      [],
      [event('999', 7), event('1001', 1)],
    ]);
    expect(await consumer.pollOnce()).toBe(2);
    await expect(consumer.pollOnce()).rejects.toThrow(/out of order/);
    expect(applied).toEqual(['1000:5', '1000:9']);
    expect(await cursorOf('records-behind')).toEqual({ txid: '1000', id: 9 });
  });
});

describe.skipIf(!onPostgres)(
  'event feed with transactions committing out of id order (PostgreSQL only: PGlite runs one transaction at a time)',
  () => {
    it('holds back a later transaction until an earlier one that took its id first commits, then hands out both', async () => {
      await ctx.records.execute(sql`truncate ${recordsOutbox}`);
      const consumer = incentivesConsumer('records-out-of-id-order');
      const client = postgres(ctx.url!, { max: 1, onnotice: () => {} });
      const early = await client.reserve();
      try {
        await early`begin`;
        const [held] = await early<{ xid: string }[]>`select pg_current_xact_id()::text as xid`;
        // The later transaction takes the lower outbox id and commits first.
        const late = recordCreated(company(900));
        await ctx.records.transaction((tx) => publish(tx, recordsOutbox, [late]));
        expect(await consumer.pollOnce()).toBe(0);
        expect(await projected([recordIdOf(late)])).toBe(0);

        const first = recordCreated(company(901));
        await early`insert into records.outbox (type, subject_id, payload) values (${first.type}, ${first.subjectId}, ${JSON.stringify(first.payload)}::text::jsonb)`;
        await early`commit`;
        expect(await consumer.pollOnce()).toBe(2);
        expect(await projected([recordIdOf(first), recordIdOf(late)])).toBe(2);
        const events = await readFeed(ctx.records, recordsOutbox, null, 10);
        expect(events.map((e) => [e.txid === held!.xid, e.type])).toEqual([
          [true, 'record.created'],
          [false, 'record.created'],
        ]);
        expect(events[0]!.id).toBeGreaterThan(events[1]!.id);
      } finally {
        early.release();
        await client.end();
      }
    });
  },
);
