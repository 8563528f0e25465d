import type { OutgoingEvent } from './event-map.js';
import { rowsOf } from './rows.js';
import { appendRows } from './row-sets.js';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { consumerCursorsTable, outboxTable } from './outbox-table.js';
import type { Db } from './db.js';
import { log } from './log.js';
import { consumerFailures, consumerLag, eventsApplied } from './metrics.js';
import { signService } from './principal.js';

export type OutboxTable = ReturnType<typeof outboxTable>;
export type CursorTable = ReturnType<typeof consumerCursorsTable>;
/** A transaction handle of any driver: what `db.transaction` passes to its callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** An event as its producer publishes it, its payload typed by its type (event-contracts.ts, event-map.ts). */
export type NewEvent = OutgoingEvent;

/**
 * An event as a feed hands it over: any type (a newer producer may publish one this consumer does not know),
 * its payload as JSON until `typedEvent`/`dispatcher`/`eventsOf` (event-map.ts) give it its contract's type.
 */
export interface FeedEvent {
  type: string;
  subjectId: string;
  payload: unknown;
  id: number;
  txid: string;
  at: string;
}

export interface FeedPosition {
  txid: string;
  id: number;
}

/** Appends events inside the caller's transaction: they exist exactly when the change they describe does. */
export async function publish(tx: Tx | Db, table: OutboxTable, events: NewEvent[]): Promise<void> {
  await appendRows(tx, table, events as unknown as Record<string, unknown>[]);
}

/**
 * Where this outbox's feed may read up to: below it, no transaction that could write this outbox is still
 * running, so every event below it is either committed and visible or will never exist.
 *
 * Why not simply `pg_snapshot_xmin(pg_current_snapshot())`: that is the oldest transaction running anywhere
 * on the server, so a long report or an idle-in-transaction session in another database (or a stranger's
 * work in another schema) held every consumer until it ended. The horizon is the smallest of, with S the
 * snapshot of the statement below:
 *  - the ids in S's running list of sessions of this database whose login role may insert into the outbox:
 *    it holds INSERT (superusers and pg_write_all_data do), or is a member of a role that does and so may
 *    `SET ROLE` to it at any moment (sessions without a role, as PGlite's, count too). A session's database
 *    and login role are fixed for its life, so a transaction that took its id early and writes its event
 *    late is counted all along (unlike an advisory lock taken at publish, or application_name, which any
 *    session may set). pg_stat_activity shows `datid`, `usesysid` and `backend_xid` of every role's
 *    sessions (checked on PostgreSQL 15), so this needs no privilege;
 *  - the same for prepared (two-phase) transactions of this database, which have no session;
 *  - S's xmax, the cap: it is one past the newest transaction finished when S was taken, so a running
 *    transaction S does not list has an id at or above it, and one without an id yet (it will write its
 *    outbox row later) takes one from the shared counter, which is already at or above xmax.
 * Not counted, so they must not exist: SECURITY DEFINER functions, rules or views through which a role
 * without INSERT writes an outbox; INSERT or membership granted to a role and used in one of its
 * transactions already open. On a standby pg_stat_activity does not show the primary's transactions:
 * there the global rule is kept.
 *
 * Race: S is taken when the statement starts, pg_stat_activity is read while it runs (later; within one
 * transaction it is read once and kept, so the statement must be its own transaction). A transaction in
 * S's running list that is gone from pg_stat_activity ended in between: its rows are invisible to S but
 * visible to any later snapshot. Hence the rows are read by a second statement, whose snapshot is taken
 * after this one finished; reading them with S itself could skip such a transaction.
 * PGlite has one connection: nothing else runs while the feed is read, the horizon is S's xmax.
 */
async function feedHorizon(db: Db, table: OutboxTable): Promise<string> {
  const config = getTableConfig(table);
  const outbox = `"${config.schema ?? 'public'}"."${config.name}"`;
  const result = await db.execute(sql`
    with snapshot as materialized (select pg_current_snapshot() as s),
    writer_roles as materialized (
      select oid from pg_roles where has_any_column_privilege(oid, ${outbox}::regclass, 'INSERT')
    ),
    writers as (
      select a.backend_xid as xid from pg_stat_activity a
      where a.backend_xid is not null
        and a.datid = (select oid from pg_database where datname = current_database())
        and (a.usesysid is null or exists (select from writer_roles w where pg_has_role(a.usesysid, w.oid, 'MEMBER')))
      union all
      select transaction from pg_prepared_xacts where database = current_database()
    )
    select (case when pg_is_in_recovery() then pg_snapshot_xmin(s)
      else coalesce((select min(x) from pg_snapshot_xip(s) x where x::xid in (select xid from writers)), pg_snapshot_xmax(s))
      end)::text as horizon
    from snapshot`);
  return rowsOf<{ horizon: string }>(result)[0]!.horizon;
}

/**
 * Events after `after`, in (txid, id) order, only from transactions below the horizon (`feedHorizon`): a
 * bigserial id is taken at insert, so ids commit out of order, but no transaction that could write this
 * outbox can still commit below the horizon, so a consumer that has read past a position never misses
 * anything there. Two statements, each its own transaction: call it with a Db, never inside a transaction.
 *
 * Ordered by the table's columns, named through the alias `o`: a bare `txid` in ORDER BY names the output
 * column `txid::text`, and text order is not numeric across a power of ten ('1000' < '999'). A page cut at
 * `limit` then held the longer ids, the consumer's cursor moved numerically past the shorter ones, and those
 * were never handed out: so the demo seed lost 13–32 records to incentives when its log crossed txid 1000
 * (tests/event-feed-gaps.test.ts). Ordered by the xid8 column, the (txid, id) index also serves the order.
 */
export async function readFeed(db: Db, table: OutboxTable, after: FeedPosition | null, limit: number): Promise<FeedEvent[]> {
  const horizon = await feedHorizon(db, table);
  const position = after ? sql`and (o.txid, o.id) > (${after.txid}::xid8, ${after.id})` : sql``;
  const result = await db.execute(sql`
    select o.id, o.txid::text as txid, o.type, o.subject_id as "subjectId", o.payload, o.at
    from ${table} as o
    where o.txid < ${horizon}::xid8 ${position}
    order by o.txid, o.id
    limit ${limit}`);
  return rowsOf<Omit<FeedEvent, 'id' | 'at'> & { id: number | string; at: unknown }>(result).map((row) => ({
    ...row,
    id: Number(row.id),
    at: row.at instanceof Date ? row.at.toISOString() : String(row.at),
  }));
}

/** Whether `event` comes after `previous` in the feed's order: txid (a 64-bit id carried as text) as a number, then id. */
function comesAfter(event: FeedPosition, previous: FeedPosition): boolean {
  const [txid, before] = [BigInt(event.txid), BigInt(previous.txid)];
  return txid > before || (txid === before && event.id > previous.id);
}

/**
 * The cursor moves to a page's last event, so a page must run strictly after the cursor in (txid, id) order:
 * an event out of that order means the feed skipped what lies between, and moving the cursor would lose it for
 * good. Such a page is refused whole (nothing applied, the cursor stays; the next poll asks again), so a
 * producer serving a faulty feed — an instance still running readFeed's old text order — stalls its consumers
 * with warnings instead of losing events silently.
 */
function checkPageOrder(producer: string, after: FeedPosition | null, events: FeedEvent[]): void {
  let previous = after;
  for (const event of events) {
    if (!/^\d{1,20}$/.test(event.txid) || !Number.isSafeInteger(event.id))
      throw new Error(`event feed ${producer} handed out a position that is not one: ${event.txid}:${event.id}`);
    if (previous && !comesAfter(event, previous))
      throw new Error(
        `event feed ${producer} out of order: ${event.txid}:${event.id} after ${previous.txid}:${previous.id}; page refused, cursor kept at ${after ? `${after.txid}:${after.id}` : 'the start'}`,
      );
    previous = event;
  }
}

export function parsePosition(text: string | undefined): FeedPosition | null {
  if (!text) return null;
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(text);
  if (!match) throw new Error('after must be <txid>:<id>');
  return { txid: match[1]!, id: Number(match[2]) };
}

export interface ConsumerOptions {
  /** The producing subgraph; the cursor's key unless `cursorKey` is given. */
  producer: string;
  cursorKey?: string;
  /** The producer's /events URL; or `source`, reading the log in process (tools, tests). */
  feedUrl?: string;
  source?: (after: FeedPosition | null, limit: number) => Promise<FeedEvent[]>;
  /** Who is asking, signed with the internal secret. */
  consumer: string;
  internalSecret: string;
  db: Db;
  cursors: CursorTable;
  /** Applies one event; runs in the same transaction that moves the cursor past it. */
  apply(tx: Tx, event: FeedEvent): Promise<void>;
  /** Applies a page at once, where effects are cheaper computed per page than per event. */
  applyBatch?(tx: Tx, events: FeedEvent[]): Promise<void>;
  batchSize?: number;
}

/** Pulls a producer's log and applies it, cursor and effects in one transaction: nothing lost, nothing twice. */
export function createConsumer(options: ConsumerOptions) {
  const batchSize = options.batchSize ?? 500;
  const { cursors } = options;
  const key = options.cursorKey ?? options.producer;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const series = { consumer: options.consumer, producer: options.producer };
  const [applied, lag, failures] = [eventsApplied.labels(series), consumerLag.labels(series), consumerFailures.labels(series)];

  async function position(): Promise<FeedPosition | null> {
    const result = await options.db.execute(sql`select txid, event_id as "eventId" from ${cursors} where producer = ${key}`);
    const [row] = rowsOf<{ txid: string; eventId: number | string }>(result);
    return row ? { txid: row.txid, id: Number(row.eventId) } : null;
  }

  async function fetchFeed(after: FeedPosition | null, limit: number): Promise<FeedEvent[]> {
    if (!options.feedUrl) throw new Error(`consumer of ${options.producer}: give feedUrl or source`);
    const url = new URL(options.feedUrl);
    if (after) url.searchParams.set('after', `${after.txid}:${after.id}`);
    url.searchParams.set('limit', String(limit));
    const response = await fetch(url, {
      headers: { 'x-credit-service': signService(options.consumer, options.producer, options.internalSecret) },
    });
    if (!response.ok) throw new Error(`event feed ${options.producer} answered ${response.status}`);
    return (await response.json()) as FeedEvent[];
  }

  /** One page; returns how many events were applied. */
  async function pollPage(): Promise<number> {
    const after = await position();
    const events = await (options.source ?? fetchFeed)(after, batchSize);
    if (!events.length) {
      lag.set(0);
      return 0;
    }
    checkPageOrder(options.producer, after, events);
    const last = events.at(-1)!;
    await options.db.transaction(async (tx) => {
      if (options.applyBatch) await options.applyBatch(tx, events);
      else for (const event of events) await options.apply(tx, event);
      await tx
        .insert(cursors)
        .values({ producer: key, txid: last.txid, eventId: last.id })
        .onConflictDoUpdate({ target: cursors.producer, set: { txid: last.txid, eventId: last.id, updatedAt: new Date() } });
    });
    applied.inc(events.length);
    // A full page leaves more waiting: the lag is the age of where it got to. A short one read all there was.
    lag.set(events.length < batchSize ? 0 : Math.max(0, (Date.now() - Date.parse(last.at)) / 1000));
    return events.length;
  }

  /** Drains the feed; concurrent calls share one run. */
  function pollOnce(): Promise<number> {
    running ??= (async () => {
      let total = 0;
      try {
        for (let applied = await pollPage(); applied > 0; applied = await pollPage()) total += applied;
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  }

  return {
    pollOnce,
    start(intervalMs = 500): void {
      const tick = () => {
        pollOnce()
          .catch((error) => {
            failures.inc();
            log.warn({ err: error, producer: options.producer }, 'event feed page not read or not applied; will retry');
          })
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}

export type Consumer = ReturnType<typeof createConsumer>;
