import { desc, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { chainHash, GENESIS_HASH, type AuditEntry, type AuditTable } from './audit-hash.js';
import { log } from './log.js';

/** Entries of one transaction at most: a burst is written in several, each still one chain step after the other. */
const MAX_BATCH_ENTRIES = 1000;

interface Waiting {
  entries: AuditEntry[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit of one trail (组提交). Requests do not take the trail's lock one after another: while one
 * transaction writes, the entries of the requests that arrive meanwhile wait together, and the next
 * transaction chains and writes all of them. Each request's promise settles when its own entries are
 * durable, so "no trace, no answer" holds for every one of them.
 *
 * The advisory lock stays: a second instance of the subgraph on the same database writes the same trail,
 * and the head is read under the lock so the two never chain onto the same entry.
 */
export function groupCommitAppender(db: Db, table: AuditTable, chainKey: string, lockKey: string, written: () => void) {
  let queue: Waiting[] = [];
  let writing = false;

  async function write(entries: AuditEntry[]): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
      const [last] = await tx.select({ hash: table.hash }).from(table).orderBy(desc(table.seq)).limit(1);
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows = entries.map((entry) => {
        const hash = chainHash(chainKey, prevHash, entry);
        const row = { ...entry, prevHash, hash };
        prevHash = hash;
        return row;
      });
      await tx.insert(table).values(rows);
    });
    written();
  }

  /** The next batch: whole requests, up to the limit (a request larger than the limit goes alone). */
  function takeBatch(): Waiting[] {
    let count = 0;
    let taken = 0;
    while (taken < queue.length && (taken === 0 || count + queue[taken]!.entries.length <= MAX_BATCH_ENTRIES)) {
      count += queue[taken]!.entries.length;
      taken++;
    }
    const batch = queue.slice(0, taken);
    queue = queue.slice(taken);
    return batch;
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length) {
        const batch = takeBatch();
        try {
          await write(batch.flatMap((waiting) => waiting.entries));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          // One request's entries must not cost the others their answers: each is written on its own.
          log.warn({ err: error, requests: batch.length }, 'audit batch refused; writing its requests one by one');
          for (const waiting of batch)
            await write(waiting.entries).then(
              () => waiting.resolve(),
              (alone: unknown) => waiting.reject(alone),
            );
        }
      }
    } finally {
      writing = false;
    }
  }

  return (entries: AuditEntry[]): Promise<void> => {
    if (!entries.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      queue.push({ entries, resolve, reject });
      if (!writing) void drain();
    });
  };
}
