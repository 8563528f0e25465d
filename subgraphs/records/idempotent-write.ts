import type { Db } from '../kit/db.js';
import { isUniqueViolation } from '../kit/copy-rows.js';
import type { Tx } from '../kit/events.js';

/**
 * How intake stores what units report (records, licences): idempotent on (unit, the unit's own document
 * number). The same content again is a DUPLICATE and changes nothing; other content CORRECTS the row.
 */
export type WriteOutcome = 'CREATED' | 'DUPLICATE' | 'CORRECTED';
export type Written<Row> = { outcome: WriteOutcome; row: Row };
export type WriteResult<Row> = Written<Row> | { outcome: 'FAILED'; error: unknown };

interface KeyedTable<Item, Row> {
  /** The unit and its document number, of an item and of a stored row. */
  keyOf(item: Item): string;
  rowKey(row: Row): string;
  hashOf(item: Item): string;
  rowHash(row: Row): string;
  /** The stored rows of these items' keys, locked (FOR UPDATE), in key order. */
  lock(items: Item[]): Promise<Row[]>;
  /**
   * Changed re-sends, at most one per row: each row takes its item's new content (and keeps what it must of
   * the old), all in a statement or two; returns the corrected rows in the order given.
   */
  correct(changes: { existing: Row; item: Item }[]): Promise<Row[]>;
}

/**
 * The items whose key is held (stored before, or created earlier in the batch), in item order as if one at a
 * time: the same content is a DUPLICATE, other content a correction; an item after a correction of its key
 * waits for the next round.
 */
async function settle<Item, Row>(
  items: Item[],
  pending: number[],
  current: Map<string, Row>,
  results: Written<Row>[],
  table: Pick<KeyedTable<Item, Row>, 'keyOf' | 'hashOf' | 'rowHash' | 'correct'>,
): Promise<void> {
  for (let queue = pending; queue.length;) {
    const round: { index: number; key: string; existing: Row }[] = [];
    const later: number[] = [];
    const corrected = new Set<string>();
    for (const i of queue) {
      const key = table.keyOf(items[i]!);
      const existing = current.get(key);
      if (!existing) throw new Error('row vanished between insert and read');
      if (corrected.has(key)) later.push(i);
      else if (table.rowHash(existing) === table.hashOf(items[i]!)) results[i] = { outcome: 'DUPLICATE', row: existing };
      else {
        corrected.add(key);
        round.push({ index: i, key, existing });
      }
    }
    if (round.length) {
      const rows = await table.correct(round.map(({ index, existing }) => ({ existing, item: items[index]! })));
      round.forEach(({ index, key }, j) => {
        current.set(key, rows[j]!);
        results[index] = { outcome: 'CORRECTED', row: rows[j]! };
      });
    }
    queue = later;
  }
}

export interface NewRowsTable<Item, Row> extends KeyedTable<Item, Row> {
  /** The whole row a new item becomes (its id and times given here: the store returns nothing). */
  build(item: Item): Row;
  /** Stores new rows, in key order, in one statement (a COPY); fails on a key another transaction stored since `lock`. */
  store(rows: Row[]): Promise<void>;
}

/**
 * One batch in a handful of statements, whatever its size, for a store that writes new rows by COPY (no ON
 * CONFLICT, no RETURNING): the stored rows of every key are read locked first, the items no row holds are
 * built whole and stored in one statement, the rest are settled against them (the corrections in one round;
 * another only for a key corrected twice in the batch). A second item with the same key in one batch is a
 * re-send of the first, decided against what the first left. A key another batch stores between the read
 * and the COPY fails the transaction with a unique violation; `writeBatchOrEach` then tries the batch again,
 * and its read sees that row.
 */
export async function writeNewRowsFirst<Item, Row>(items: Item[], table: NewRowsTable<Item, Row>): Promise<Written<Row>[]> {
  const current = new Map<string, Row>();
  for (const row of await table.lock(items)) current.set(table.rowKey(row), row);
  const results: Written<Row>[] = new Array(items.length);
  const created: { key: string; row: Row }[] = [];
  const pending: number[] = [];
  items.forEach((item, i) => {
    const key = table.keyOf(item);
    if (current.has(key)) return void pending.push(i);
    const row = table.build(item);
    current.set(key, row);
    created.push({ key, row });
    results[i] = { outcome: 'CREATED', row };
  });
  // Key order: concurrent batches take their unique-index locks in the same order and cannot deadlock.
  await table.store(created.sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ row }) => row));
  await settle(items, pending, current, results, table);
  return results;
}

/**
 * Writes a batch in one transaction; if the batch as a whole fails, its halves are tried, each in its own
 * transaction, and the halves of a half that fails, down to single items: one bad item never undoes or
 * blocks the others, and costs about 2·log2(n) transactions rather than one per item. Items keep their
 * order, so a key sent twice is decided as if the items came one at a time.
 */
export async function writeBatchOrEach<Item, Row>(
  db: Db,
  items: Item[],
  write: (tx: Tx, items: Item[]) => Promise<Written<Row>[]>,
  retry = true,
): Promise<WriteResult<Row>[]> {
  if (!items.length) return [];
  try {
    return await db.transaction((tx) => write(tx, items));
  } catch (error) {
    // A concurrent batch stored one of these keys after this one read them: read again, once, before splitting.
    if (retry && isUniqueViolation(error)) return writeBatchOrEach(db, items, write, false);
    if (items.length === 1) return [{ outcome: 'FAILED', error }];
    const middle = Math.ceil(items.length / 2);
    return [...(await writeBatchOrEach(db, items.slice(0, middle), write)), ...(await writeBatchOrEach(db, items.slice(middle), write))];
  }
}

export const unitKey = (unitId: string, reference: string): string => `${unitId}\u0000${reference}`;
