import { sql } from 'drizzle-orm';
import type { consumerCursorsTable, outboxTable } from './outbox-table.js';
import type { Db } from './db.js';
import { log } from './log.js';
import { signService } from './principal.js';

export type OutboxTable = ReturnType<typeof outboxTable>;
export type CursorTable = ReturnType<typeof consumerCursorsTable>;
/** A transaction handle of any driver: what `db.transaction` passes to its callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface NewEvent {
  type: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

export interface FeedEvent extends NewEvent {
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
  if (events.length) await tx.insert(table).values(events);
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/**
 * Events after `after`, in (txid, id) order, only from transactions older than the oldest one still
 * running: a bigserial id is taken at insert, so ids commit out of order, but no transaction can still
 * commit below that horizon, so a consumer that has read past a position never misses anything there.
 */
export async function readFeed(db: Db, table: OutboxTable, after: FeedPosition | null, limit: number): Promise<FeedEvent[]> {
  const position = after ? sql`and (txid, id) > (${after.txid}::xid8, ${after.id})` : sql``;
  const result = await db.execute(sql`
    select id, txid::text as txid, type, subject_id as "subjectId", payload, at
    from ${table}
    where txid < pg_snapshot_xmin(pg_current_snapshot()) ${position}
    order by txid, id
    limit ${limit}`);
  return rowsOf<Omit<FeedEvent, 'id' | 'at'> & { id: number | string; at: unknown }>(result).map((row) => ({
    ...row,
    id: Number(row.id),
    at: row.at instanceof Date ? row.at.toISOString() : String(row.at),
  }));
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
    const response = await fetch(url, { headers: { 'x-credit-service': signService(options.consumer, options.producer, options.internalSecret) } });
    if (!response.ok) throw new Error(`event feed ${options.producer} answered ${response.status}`);
    return (await response.json()) as FeedEvent[];
  }

  /** One page; returns how many events were applied. */
  async function pollPage(): Promise<number> {
    const after = await position();
    const events = await (options.source ?? fetchFeed)(after, batchSize);
    if (!events.length) return 0;
    const last = events.at(-1)!;
    await options.db.transaction(async (tx) => {
      if (options.applyBatch) await options.applyBatch(tx, events);
      else for (const event of events) await options.apply(tx, event);
      await tx
        .insert(cursors)
        .values({ producer: key, txid: last.txid, eventId: last.id })
        .onConflictDoUpdate({ target: cursors.producer, set: { txid: last.txid, eventId: last.id, updatedAt: new Date() } });
    });
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
          .catch((error) => log.warn({ err: error, producer: options.producer }, 'event feed not reachable; will retry'))
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
