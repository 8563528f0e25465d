import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './events.js';

/**
 * COPY … FROM STDIN for a batch of rows, on either driver: PostgreSQL's fastest way in (one text stream the
 * server splits by tab and newline; no parameters, no JSON keys per row), which intake needs to come near a
 * plain COPY of the same rows. A COPY has no ON CONFLICT and no RETURNING: the caller builds every row whole
 * (`wholeRow`) and knows beforehand which keys are new; a key another transaction stored meanwhile fails the
 * statement with a unique violation (`isUniqueViolation`), and the caller tries again.
 */

type Values = Record<string, unknown>;

/** What both drivers' transaction clients offer: postgres.js's `unsafe(...).writable()`, PGlite's `query(..., { blob })`. */
interface CopyClient {
  unsafe?(text: string): { writable(): Promise<NodeJS.WritableStream>; reject(error: unknown): void };
  query?(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}
interface SessionOf {
  session: { client: CopyClient; logger?: { logQuery(query: string, params: unknown[]): void } };
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** A value as COPY's text format reads it: backslash, tab and line breaks escaped (NULL is written apart, as \N). */
const escape = (text: string): string => (SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPED[c]!) : text);

type Encoder = (value: unknown) => string;
/** How a column's value is written, by its SQL type; the text is what the type's input function reads. */
function encoderOf(column: PgColumn): Encoder {
  const type = column.getSQLType();
  if (type === 'json' || type === 'jsonb') return (value) => escape(JSON.stringify(value));
  if (type === 'boolean') return (value) => (value ? 't' : 'f');
  if (type.startsWith('timestamp')) {
    // A batch's rows share their moments (reported at, updated at): each written once.
    let last: unknown,
      text = '';
    return (value) => {
      const key = value instanceof Date ? value.getTime() : value;
      if (key !== last) [last, text] = [key, value instanceof Date ? value.toISOString() : escape(String(value))];
      return text;
    };
  }
  if (type.endsWith('[]'))
    return () => {
      throw new Error(`copyRows: array column ${column.name} is not supported`);
    };
  return (value) => escape(typeof value === 'string' ? value : String(value));
}

interface ColumnPlan {
  key: string;
  name: string;
  encode: Encoder;
  /** wholeRow: a literal default (copied when an object), 'null' where the column may be null, or 'required'. */
  absent: { literal: unknown } | 'null' | 'required';
}
const plans = new WeakMap<PgTable, ColumnPlan[]>();
/** A table's columns, read once: building them per row was a third of a COPY's JavaScript. */
function planOf(table: PgTable): ColumnPlan[] {
  let plan = plans.get(table);
  if (!plan) {
    plan = (Object.entries(getTableColumns(table)) as [string, PgColumn][]).map(([key, column]) => ({
      key,
      name: column.name,
      encode: encoderOf(column),
      absent:
        column.hasDefault && column.default !== undefined && !is(column.default, SQL)
          ? { literal: column.default }
          : column.notNull
            ? 'required'
            : 'null',
    }));
    plans.set(table, plan);
  }
  return plan;
}

/**
 * The COPY data of `rows` for the table's columns they set (every row the same ones), and the column list.
 * Each row's text is encoded into one growing buffer as it is made: one string of the whole batch (a rope of
 * thousands of pieces) cost more to flatten and encode than to build.
 */
export function copyData(table: PgTable, rows: readonly Values[]): { columns: string[]; data: Buffer<ArrayBuffer> } {
  const columns = planOf(table).filter(({ key }) => rows[0]![key] !== undefined);
  const keys = columns.map(({ key }) => key);
  const encoders = columns.map(({ encode }) => encode);
  // About what a credit record's row takes, so that a batch seldom grows (and copies) its buffer.
  let data = Buffer.allocUnsafe(Math.max(64 * 1024, rows.length * 1024));
  let length = 0;
  for (const row of rows) {
    let text = '';
    for (let c = 0; c < keys.length; c++) {
      const value = row[keys[c]!];
      if (value === undefined) throw new Error(`copyRows: a row leaves out ${keys[c]}`);
      text += (c === 0 ? '' : '\t') + (value === null ? '\\N' : encoders[c]!(value));
    }
    text += '\n';
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (length + text.length * 3 > data.length) {
      const larger = Buffer.allocUnsafe(Math.max(data.length * 2, length + text.length * 3));
      data.copy(larger, 0, 0, length);
      data = larger;
    }
    length += data.write(text, length);
  }
  return { columns: columns.map(({ name }) => name), data: data.subarray(0, length) };
}

/** Appends `rows` to `table` in one COPY inside the caller's transaction; columns left out take their defaults. */
export async function copyRows(tx: Tx, table: PgTable, rows: readonly Values[]): Promise<void> {
  if (!rows.length) return;
  const { columns, data } = copyData(table, rows);
  const config = getTableConfig(table);
  const target = `"${config.schema ?? 'public'}"."${config.name}" (${columns.map((name) => `"${name}"`).join(', ')})`;
  const { session } = tx as unknown as SessionOf;
  const { client } = session;
  if (client.unsafe) {
    const statement = `copy ${target} from stdin`;
    session.logger?.logQuery(statement, []);
    const query = client.unsafe(statement);
    // postgres.js (3.4.9) never finishes the stream of a COPY the server refuses: its error reaches only the
    // query's reject, long resolved with the stream. Caught there, it fails the COPY as it should.
    const refused = new Promise<never>((_, reject) => {
      const original = query.reject;
      query.reject = (error: unknown) => {
        original.call(query, error);
        reject(error);
      };
    });
    await Promise.race([pipeline(Readable.from([data]), await query.writable()), refused]);
  } else if (client.query) {
    const statement = `copy ${target} from '/dev/blob'`;
    session.logger?.logQuery(statement, []);
    await client.query(statement, [], { blob: new Blob([data]) });
  } else throw new Error('copyRows: the transaction has neither a postgres.js nor a PGlite client');
}

/**
 * A row as the table will hold it, for a COPY that returns nothing: `values`, then each literal default, then
 * null where the column may be null. A column whose default is SQL (a random id, now()) needs its value given.
 */
export function wholeRow<Row>(table: PgTable, values: Values): Row {
  const row: Values = {};
  for (const { key, absent } of planOf(table)) {
    const value = values[key];
    if (value !== undefined) row[key] = value;
    else if (absent === 'null') row[key] = null;
    else if (absent === 'required') throw new Error(`wholeRow: ${key} has no literal default; give its value`);
    else
      row[key] =
        typeof absent.literal === 'object' && absent.literal !== null ? JSON.parse(JSON.stringify(absent.literal)) : absent.literal;
  }
  return row as Row;
}

/** A unique index refused a row: another transaction stored the key after this one looked (23505). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++)
    if (e.code === '23505') return true;
  return false;
}
