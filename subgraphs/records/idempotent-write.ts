import type { Db } from '../kit/db.js';
import type { Tx } from '../kit/events.js';

/**
 * How intake stores what units report (records, licences): idempotent on (unit, the unit's own document
 * number). The same content again is a DUPLICATE and changes nothing; other content CORRECTS the row.
 */
export type WriteOutcome = 'CREATED' | 'DUPLICATE' | 'CORRECTED';
export type Written<Row> = { outcome: WriteOutcome; row: Row };
export type WriteResult<Row> = Written<Row> | { outcome: 'FAILED'; error: unknown };

export interface IdempotentTable<Item, Row> {
  /** The unit and its document number, of an item and of a stored row. */
  keyOf(item: Item): string;
  rowKey(row: Row): string;
  hashOf(item: Item): string;
  rowHash(row: Row): string;
  /** One multi-row insert that skips known keys (ON CONFLICT DO NOTHING), returning the rows it inserted. */
  insert(ordered: Item[]): Promise<Row[]>;
  /** The stored rows of these items' keys, locked (FOR UPDATE). */
  lock(items: Item[]): Promise<Row[]>;
  /** A changed re-send: the row takes the new content (and keeps what it must of the old). */
  correct(existing: Row, item: Item): Promise<Row>;
}

/**
 * One batch in a handful of statements: the insert, one locked read of the keys already known, then
 * corrections one by one. Concurrent batches meet at the unique index, so a key is stored once whatever
 * the interleaving; a second item with the same key in one batch is a re-send of the first.
 */
export async function writeIdempotently<Item, Row>(items: Item[], table: IdempotentTable<Item, Row>): Promise<Written<Row>[]> {
  // Rows in key order: concurrent batches then take their unique-index locks in the same order and cannot deadlock.
  const ordered = [...items].sort((a, b) => (table.keyOf(a) < table.keyOf(b) ? -1 : 1));
  const inserted = await table.insert(ordered);
  const createdByKey = new Map(inserted.map((row) => [table.rowKey(row), row]));
  const results: Written<Row>[] = new Array(items.length);
  const pending: number[] = [];
  items.forEach((item, i) => {
    const key = table.keyOf(item);
    const row = createdByKey.get(key);
    if (row) {
      results[i] = { outcome: 'CREATED', row };
      createdByKey.delete(key);
    } else pending.push(i);
  });
  if (!pending.length) return results;
  const current = new Map<string, Row>();
  for (const row of [...(await table.lock(pending.map((i) => items[i]!))), ...inserted]) current.set(table.rowKey(row), row);
  for (const i of pending) {
    const item = items[i]!;
    const key = table.keyOf(item);
    const existing = current.get(key);
    if (!existing) throw new Error('row vanished between insert and read');
    if (table.rowHash(existing) === table.hashOf(item)) results[i] = { outcome: 'DUPLICATE', row: existing };
    else {
      const corrected = await table.correct(existing, item);
      current.set(key, corrected);
      results[i] = { outcome: 'CORRECTED', row: corrected };
    }
  }
  return results;
}

/**
 * Writes a batch in one transaction; if the batch as a whole fails, each item is tried in its own
 * transaction so that one bad item never undoes or blocks the others.
 */
export async function writeBatchOrEach<Item, Row>(
  db: Db,
  items: Item[],
  write: (tx: Tx, items: Item[]) => Promise<Written<Row>[]>,
): Promise<WriteResult<Row>[]> {
  if (!items.length) return [];
  try {
    return await db.transaction((tx) => write(tx, items));
  } catch (batchError) {
    if (items.length === 1) return [{ outcome: 'FAILED', error: batchError }];
    const results: WriteResult<Row>[] = [];
    for (const item of items) {
      try {
        results.push(...(await db.transaction((tx) => write(tx, [item]))));
      } catch (error) {
        results.push({ outcome: 'FAILED', error });
      }
    }
    return results;
  }
}

export const unitKey = (unitId: string, reference: string): string => `${unitId}\u0000${reference}`;
