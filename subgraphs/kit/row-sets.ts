import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import type { Tx } from './events.js';
import { rowsOf } from './rows.js';

/**
 * Set-based SQL for batches (events, the consumers' projections, corrections and versions of records and
 * licences; intake's new records and their events go by COPY, copy-rows.ts): a batch's rows travel as ONE
 * parameter, a JSON array, and come back as typed rows through json_to_recordset, so a statement of 1,000
 * rows is one value to bind, not 25,000. drizzle's multi-row VALUES builds, binds and serialises every value
 * on its own (`is()` walking prototype chains, a type hint per value): that was most of intake's CPU time,
 * and a fifth of the embedded process's while an import's events were projected. JSON rather than one
 * text[] per column (unnest): measured faster on PostgreSQL 15 (the server parses one JSON text instead of
 * arrays of escaped JSON), and the same text on PGlite and PostgreSQL (`::text::json`, so neither driver
 * re-encodes the parameter).
 */

type Values = Record<string, unknown>;
type Column = [key: string, column: PgColumn];

/** A text[] literal of keys (every element quoted, backslash and quote escaped, NULL bare), for `= any(…)` and unnest. */
export function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/** A serial column's values are typed as its integer type; every other type is its own. */
const SERIAL: Record<string, string> = { bigserial: 'bigint', serial: 'integer', smallserial: 'smallint' };
const sqlType = (column: PgColumn) => SERIAL[column.getSQLType()] ?? column.getSQLType();

/**
 * `<column> = any(<the keys as one array parameter>)`: drizzle's inArray binds (and builds) every key on its
 * own, which for a consumer's page of 500 ids cost more JavaScript than the statement's server time.
 * No keys: false, as inArray.
 */
export function anyOf(column: PgColumn, keys: readonly string[]): SQL {
  if (!keys.length) return sql`false`;
  return sql`${column} = any(${textArray(keys)}::${sql.raw(sqlType(column))}[])`;
}

/** The value in the JSON the server reads: JSON columns as they are, others as the driver would send them (a Date as ISO text). */
function jsonValue(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const type = column.getSQLType();
  if (type === 'json' || type === 'jsonb') return value;
  const driver: unknown = column.mapToDriverValue(value);
  return typeof driver === 'bigint' ? String(driver) : driver;
}

/**
 * The table's columns that `rows` set, and a `select` of them typed, in the rows' order. A column some rows
 * set and others leave out is null in those (what drizzle's VALUES gave them), unless it has a default or may
 * not be null: one set of rows cannot say DEFAULT for some of its rows, so the caller must give the value.
 */
function recordsetOf(table: PgTable, rows: readonly Values[]): { columns: Column[]; names: SQL; select: SQL } {
  const columns = (Object.entries(getTableColumns(table)) as Column[]).filter(([key]) => rows.some((row) => row[key] !== undefined));
  for (const [key, column] of columns)
    if ((column.hasDefault || column.notNull) && rows.some((row) => row[key] === undefined))
      throw new Error(`set-based write: some rows leave out ${key}`);
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Values = {};
      for (const [key, column] of columns) out[column.name] = jsonValue(column, row[key]);
      return out;
    }),
  );
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const types = sql.join(
    columns.map(([, column]) => sql`${sql.identifier(column.name)} ${sql.raw(sqlType(column))}`),
    sql`, `,
  );
  return {
    columns,
    names,
    select: sql`select ${names} from rows from (json_to_recordset(${json}::text::json) as (${types})) with ordinality as r(${names}, ord) order by r.ord`,
  };
}

/** Raw rows (`returning *`) as drizzle's select would give them: property names, dates and JSON mapped. */
export function rowsFrom<Row>(table: PgTable, result: unknown): Row[] {
  const columns = Object.entries(getTableColumns(table)) as Column[];
  return rowsOf<Values>(result).map((raw) => {
    const row: Values = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as Row;
  });
}

/**
 * `insert into <table> (<the columns the rows set>) <the rows, in order>`, for the caller to finish with its
 * ON CONFLICT and RETURNING; columns the rows leave out take their defaults. `rows` must not be empty.
 */
export function insertFrom(table: PgTable, rows: readonly Values[]): SQL {
  if (!rows.length) throw new Error('set-based insert: no rows');
  const { names, select } = recordsetOf(table, rows);
  return sql`insert into ${table} (${names}) ${select}`;
}

/** `<column> = excluded.<column>, …` of an upsert, for these properties of the table. */
export function fromExcluded(table: PgTable, keys: readonly string[]): SQL {
  const columns = getTableColumns(table);
  return sql.join(
    keys.map((key) => {
      const column = columns[key];
      if (!column) throw new Error(`set-based upsert: the table has no ${key}`);
      return sql`${sql.identifier(column.name)} = excluded.${sql.identifier(column.name)}`;
    }),
    sql`, `,
  );
}

/** Inserts `rows` and answers nothing: for rows nobody reads back (an outbox's events, history). */
export async function appendRows(tx: Tx | Db, table: PgTable, rows: readonly Values[]): Promise<void> {
  if (rows.length) await tx.execute(insertFrom(table, rows));
}

/**
 * One update of many rows, each found by its `key` column and given its own values; returns the updated rows
 * in the order of `rows`. Each key at most once (UPDATE … FROM would apply only one of two).
 */
export async function updateRows<Row extends Values>(tx: Tx, table: PgTable, key: string, rows: readonly Values[]): Promise<Row[]> {
  if (!rows.length) return [];
  const { columns, select } = recordsetOf(table, rows);
  const name = (column: PgColumn) => sql.identifier(column.name);
  const keyColumn = columns.find(([k]) => k === key)?.[1];
  if (!keyColumn) throw new Error(`set-based update: the rows give no ${key}`);
  const set = columns.filter(([k]) => k !== key).map(([, column]) => sql`${name(column)} = v.${name(column)}`);
  const result = await tx.execute(
    sql`update ${table} as t set ${sql.join(set, sql`, `)} from (${select}) as v where t.${name(keyColumn)} = v.${name(keyColumn)} returning t.*`,
  );
  const byKey = new Map(rowsFrom<Row>(table, result).map((row) => [row[key], row]));
  return rows.map((row) => {
    const found = byKey.get(row[key]);
    if (!found) throw new Error(`set-based update: no row with ${key} ${String(row[key])}`);
    return found;
  });
}

/**
 * The stored rows of these (unit, the unit's own number) pairs, locked, in key order (concurrent batches take
 * the locks in the same order: no deadlock). One probe of the pair's unique index each (LATERAL … LIMIT 1,
 * which the planner keeps as a loop): as a join on unnest, or `= any(…)` per column, it scanned and hashed or
 * filtered the whole unit's rows, and locked rows of other pairs that shared a unit and a number.
 */
export async function lockByUnitKey<Row>(
  tx: Tx,
  table: PgTable,
  columns: { unit: PgColumn; reference: PgColumn },
  pairs: { unitId: string; reference: string; key: string }[],
): Promise<Row[]> {
  const keys = [...pairs].sort((a, b) => (a.key < b.key ? -1 : 1));
  const result = await tx.execute(sql`
    select c.* from unnest(${textArray(keys.map((k) => k.unitId))}::text[], ${textArray(keys.map((k) => k.reference))}::text[])
      with ordinality as k(unit_id, reference, ord)
    cross join lateral (
      select * from ${table} r where r.${sql.identifier(columns.unit.name)} = k.unit_id
        and r.${sql.identifier(columns.reference.name)} = k.reference limit 1 for update
    ) c
    order by k.ord`);
  return rowsFrom<Row>(table, result);
}
