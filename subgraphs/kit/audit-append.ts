import { desc } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import { chainHash, GENESIS_HASH, type AuditEntry, type AuditTable } from './audit-hash.js';
import { log } from './log.js';
import { auditEntriesWritten } from './metrics.js';

/** Entries of one transaction at most: a burst is written in several, each still one chain step after the other. */
const MAX_BATCH_ENTRIES = 1000;

interface Waiting {
  entries: AuditEntry[];
  resolve(): void;
  reject(error: unknown): void;
}

/** How often a batch is chained again onto a head another instance moved, before the write is refused. */
const MAX_CHAIN_ATTEMPTS = 20;

const isSuccessorTaken = (error: unknown): boolean => {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const { code, constraint_name, constraint } = (cause ?? {}) as { code?: string; constraint_name?: string; constraint?: string };
  return code === '23505' && `${constraint_name ?? constraint ?? ''} ${(cause as Error)?.message ?? ''}`.includes('audit_prev_hash_idx');
};

/**
 * Group commit of one trail (组提交). Requests do not write the trail one after another: while one statement
 * writes, the entries of the requests that arrive meanwhile wait together, and the next statement chains and
 * writes all of them. Each request's promise settles when its own entries are durable, so "no trace, no
 * answer" holds for every one of them.
 *
 * A batch is one INSERT chained onto the head this process wrote last. The unique index on prev_hash lets
 * each entry have one successor only: when a second instance on the same database moved the head meanwhile,
 * the insert is refused whole, and the batch is chained again onto the head read afresh. So the chain never
 * forks, without a lock or a head read per batch.
 */
export function groupCommitAppender(db: Db, table: AuditTable, chainKey: string, written: () => void) {
  let queue: Waiting[] = [];
  let writing = false;
  let head: { hash: string } | null = null;
  const entriesWritten = auditEntriesWritten.labels({ subgraph: getTableConfig(table).schema ?? 'public' });

  const readHead = async () =>
    (await db.select({ hash: table.hash }).from(table).orderBy(desc(table.seq)).limit(1))[0] ?? { hash: GENESIS_HASH };

  async function write(entries: AuditEntry[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      head ??= await readHead();
      let prevHash = head.hash;
      const rows = entries.map((entry) => {
        const hash = chainHash(chainKey, prevHash, entry);
        const row = { ...entry, prevHash, hash };
        prevHash = hash;
        return row;
      });
      try {
        await db.insert(table).values(rows);
        head = { hash: prevHash };
        entriesWritten.inc(rows.length);
        written();
        return;
      } catch (error) {
        head = null;
        if (!isSuccessorTaken(error) || attempt >= MAX_CHAIN_ATTEMPTS) throw error;
      }
    }
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
