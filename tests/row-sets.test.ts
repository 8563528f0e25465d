/**
 * kit/row-sets.ts writes a batch as one JSON parameter through json_to_recordset: the outbox's events and
 * the consumers' projections. Attacked: text and JSON that would break the parameter or the JSON (quotes,
 * backslashes, line breaks, characters beyond the BMP) in values and in the keys of `anyOf`, a text[] with commas, braces, quotes and the text
 * NULL, a bigint beyond 2^53, null against the text "null", a nullable column some rows leave out (null), a
 * column with a default some rows leave out (refused before the server), an upsert replayed and one whose
 * guard refuses an older version, RETURNING past known keys, and a row the server refuses (nothing stored).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, json, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { anyOf, appendRows, fromExcluded, insertFrom, rowsFrom } from '../subgraphs/kit/row-sets.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { useScratchTables } from './support/database.js';

const schema = pgSchema('row_sets_attack');
const facts = schema.table('facts', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  note: text('note'),
  tags: text('tags').array().notNull(),
  big: bigint('big', { mode: 'bigint' }),
  doc: json('doc').$type<unknown>(),
  version: integer('version').notNull(),
  flag: boolean('flag').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
type Fact = typeof facts.$inferSelect;

const scratch = useScratchTables([
  sql`create schema row_sets_attack`,
  sql`create table row_sets_attack.facts (
    key text primary key, label text not null, note text, tags text[] not null, big bigint, doc json,
    version integer not null, flag boolean not null default true, updated_at timestamptz not null default now())`,
]);

const stored = async () =>
  rowsFrom<Fact>(facts, await scratch().execute(sql`select * from row_sets_attack.facts order by key`)).map(
    ({ updatedAt, ...rest }) => rest,
  );
const clear = () => scratch().execute(sql`truncate row_sets_attack.facts`);
const upsert = (rows: Record<string, unknown>[]) =>
  scratch().execute(sql`${insertFrom(facts, rows)} on conflict (key) do update set ${fromExcluded(facts, ['label', 'note', 'version'])}
    where ${facts.version} <= excluded.version`);

const AWKWARD = [
  'quote "double" and \'single\'',
  'back\\slash\\',
  'line\nbreak\ttab\rcr',
  '𠀀𝄞 beyond the BMP',
  'null',
  '',
  '{"not":"json"}',
];

describe('rows as one JSON parameter', () => {
  it('stores every awkward text, array element, JSON value and bigint exactly as given', async () => {
    await clear();
    const rows = AWKWARD.map((label, i) => ({
      key: `k${i}`,
      label,
      note: i % 2 ? null : label,
      tags: [label, 'a,b', '{braces}', 'NULL', ''],
      big: 9_007_199_254_740_993n + BigInt(i),
      doc: { label, nested: [label, null, 1.5, true], quote: '"' },
      version: i,
      flag: i % 3 === 0,
    }));
    await appendRows(scratch(), facts, rows);
    expect(await stored()).toEqual(rows);
  });

  it('gives null to a nullable column some rows leave out, and refuses rows that leave out one with a default', async () => {
    await clear();
    await appendRows(scratch(), facts, [
      { key: 'a', label: 'a', tags: [], version: 1, note: 'given' },
      { key: 'b', label: 'b', tags: [], version: 1 },
    ]);
    expect((await stored()).map((row) => [row.key, row.note, row.flag])).toEqual([
      ['a', 'given', true],
      ['b', null, true],
    ]);
    const leftOut = [
      { key: 'c', label: 'c', tags: [], version: 1, flag: false },
      { key: 'd', label: 'd', tags: [], version: 1 },
    ];
    await expect(appendRows(scratch(), facts, leftOut)).rejects.toThrow(/leave out flag/);
    expect(await stored()).toHaveLength(2);
    expect(() => insertFrom(facts, [])).toThrow(/no rows/);
  });

  it('upserts: a replay changes nothing, an older version is refused by the guard, a newer one wins', async () => {
    await clear();
    const first = [
      { key: 'x', label: 'v2', tags: [], version: 2 },
      { key: 'y', label: 'v1', tags: [], version: 1 },
    ];
    await upsert(first);
    await upsert(first);
    await upsert([
      { key: 'x', label: 'older', note: 'must not land', tags: [], version: 1 },
      { key: 'y', label: 'newer "引号"', note: 'landed', tags: [], version: 3 },
      { key: 'z', label: 'new', tags: [], version: 1 },
    ]);
    expect((await stored()).map(({ key, label, note, version }) => ({ key, label, note, version }))).toEqual([
      { key: 'x', label: 'v2', note: null, version: 2 },
      { key: 'y', label: 'newer "引号"', note: 'landed', version: 3 },
      { key: 'z', label: 'new', note: null, version: 1 },
    ]);
    expect(() => fromExcluded(facts, ['nothing'])).toThrow(/no nothing/);
  });

  it('returns what it inserted, skipping known keys, and is refused whole when the server refuses one row', async () => {
    await clear();
    await appendRows(scratch(), facts, [{ key: 'm', label: 'kept', tags: [], version: 1 }]);
    const rows = ['n', 'm', 'o'].map((key) => ({ key, label: `new ${key}`, tags: [key], version: 5 }));
    const inserted = rowsFrom<Fact>(facts, await scratch().execute(sql`${insertFrom(facts, rows)} on conflict do nothing returning *`));
    expect(inserted.map((row) => [row.key, row.tags]).sort()).toEqual([
      ['n', ['n']],
      ['o', ['o']],
    ]);
    expect(inserted[0]!.updatedAt).toBeInstanceOf(Date);
    // A version the column cannot hold: the statement fails, nothing of it is stored.
    await expect(
      appendRows(scratch(), facts, [
        { key: 'p', label: 'p', tags: [], version: 1 },
        { key: 'q', label: 'q', tags: [], version: 2 ** 40 },
      ]),
    ).rejects.toThrow();
    expect(rowsOf<{ n: number }>(await scratch().execute(sql`select count(*)::int as n from row_sets_attack.facts`))[0]!.n).toBe(3);
  });

  it('finds exactly the keys asked as one array parameter, awkward ones included, and nothing for none', async () => {
    await clear();
    const keys = [...AWKWARD, 'a,b', '{x}', 'NULL', '"'];
    await appendRows(
      scratch(),
      facts,
      keys.map((key, version) => ({ key, label: key, tags: [], version })),
    );
    const found = async (asked: string[]) =>
      rowsOf<{ key: string }>(
        await scratch().execute(sql`select key from row_sets_attack.facts where ${anyOf(facts.key, asked)} order by key`),
      )
        .map((row) => row.key)
        .sort();
    const asked = ['NULL', 'a,b', '"', 'back\\slash\\', '', 'not stored'];
    expect(await found(asked)).toEqual(asked.filter((key) => key !== 'not stored').sort());
    expect(await found(keys)).toEqual([...keys].sort());
    expect(await found([])).toEqual([]);
  });
});
