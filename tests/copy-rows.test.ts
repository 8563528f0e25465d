/**
 * kit/copy-rows.ts writes intake's rows with COPY on either driver. Attacked: text that would shift or end a
 * COPY line (tabs, line breaks, backslashes, the literal text \N), JSON holding the same, characters beyond the
 * BMP, rows that overrun the encoding buffer mid-row, null against the text "null"; a key another transaction stored (the unique violation must arrive as
 * itself, not hang: postgres.js never finishes a refused COPY's stream), a constraint refusal that must undo
 * the whole transaction, a row that leaves a column out, and a column whose default is SQL.
 */
import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { copyRows, copyData, isUniqueViolation, wholeRow } from '../subgraphs/kit/copy-rows.js';
import { rowsOf } from '../subgraphs/kit/rows.js';
import { useScratchTables } from './support/database.js';

const schema = pgSchema('copy_attack');
const things = schema.table('things', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  note: text('note'),
  count: integer('count').notNull().default(1),
  flag: boolean('flag').notNull().default(false),
  doc: jsonb('doc').$type<unknown>(),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

const scratch = useScratchTables([
  sql`create schema copy_attack`,
  sql`create table copy_attack.things (
    id uuid primary key default gen_random_uuid(), name text not null check (name <> 'refused'), note text,
    count integer not null default 1, flag boolean not null default false, doc jsonb, tags jsonb not null default '[]',
    at timestamptz not null default now())`,
]);

const stored = async () =>
  rowsOf<{ id: string; name: string; note: string | null; count: number; flag: boolean; doc: unknown; tags: string[]; at: Date | string }>(
    await scratch().execute(sql`select * from copy_attack.things order by name`),
  );
const clear = () => scratch().execute(sql`truncate copy_attack.things`);
const row = (values: Record<string, unknown>) =>
  wholeRow<Record<string, unknown>>(things, { id: crypto.randomUUID(), at: new Date('2026-12-03T05:06:07.891Z'), ...values });

describe('COPY of rows built whole', () => {
  it('stores every awkward text exactly as given, in text and in JSON', async () => {
    await clear();
    const awkward = [
      'tab\there',
      'line\nbreak',
      'cr\rreturn',
      'back\\slash',
      '\\N',
      'null',
      '',
      '末尾\\',
      '𠀀𝄞 beyond the BMP',
      '"quoted"',
    ];
    const rows = awkward.map((note, i) =>
      row({ name: `n${String(i).padStart(2, '0')}`, note, doc: { note, nested: [note, null] }, tags: [note] }),
    );
    await scratch().transaction((tx) => copyRows(tx, things, rows));
    const back = await stored();
    expect(back.map((r) => r.note)).toEqual(awkward);
    expect(back.map((r) => r.doc)).toEqual(awkward.map((note) => ({ note, nested: [note, null] })));
    expect(back.map((r) => r.tags)).toEqual(awkward.map((note) => [note]));
  });

  it('stores rows that cross its buffer many times, and one row larger than the buffer, byte for byte', async () => {
    await clear();
    // 3,000 rows of mixed widths (1-, 3- and 4-byte UTF-8; 4 KB a row on average), then one of 100,000 characters: the
    // buffer (about 1 KiB a row at first) grows mid-row and mid-batch; a byte lost or doubled at a seam shifts a column.
    const notes = Array.from({ length: 3000 }, (_, i) => `${i}:${'太仓'.repeat((i % 37) * 20)}${'𝄞'.repeat(i % 5)}\t${'a'.repeat(i % 11)}`);
    notes.push('信'.repeat(100_000));
    const rows = notes.map((note, i) => row({ name: `w${String(i).padStart(5, '0')}`, note, doc: { note } }));
    const { data } = copyData(things, rows);
    expect(data.length).toBeGreaterThan(4 * rows.length * 1024);
    await scratch().transaction((tx) => copyRows(tx, things, rows));
    const back = await stored();
    expect(back.map((r) => r.note)).toEqual(notes);
    expect(back.map((r) => (r.doc as { note: string }).note)).toEqual(notes);
  });

  it('keeps null apart from the text "null" and from \\N, and writes the literal defaults wholeRow fills', async () => {
    await clear();
    const [plain] = [row({ name: 'plain' })];
    expect(plain).toMatchObject({ note: null, doc: null, count: 1, flag: false, tags: [] });
    await scratch().transaction((tx) => copyRows(tx, things, [plain!, row({ name: 'texts', note: '\\N', doc: 'null' })]));
    const [first, second] = await stored();
    expect(first).toMatchObject({ name: 'plain', note: null, doc: null, count: 1, flag: false, tags: [] });
    expect(second).toMatchObject({ name: 'texts', note: '\\N', doc: 'null' });
    expect(new Date(first!.at).toISOString()).toBe('2026-12-03T05:06:07.891Z');
  });

  it('gives each whole row its own copy of an object default', () => {
    const [a, b] = [row({ name: 'a' }), row({ name: 'b' })];
    (a.tags as string[]).push('changed');
    expect(b.tags).toEqual([]);
  });

  it('refuses to build a row whose SQL default it cannot know, and a row that leaves a column out', () => {
    expect(() => wholeRow(things, { name: 'no id', at: new Date() })).toThrow(/id has no literal default/);
    expect(() => copyData(things, [{ name: 'a', note: 'x' }, { name: 'b' }])).toThrow(/leaves out note/);
  });

  it('fails with the unique violation itself when a key is taken, and stores nothing of that COPY', async () => {
    await clear();
    const taken = row({ name: 'taken' });
    await scratch().transaction((tx) => copyRows(tx, things, [taken]));
    const failure = await scratch()
      .transaction((tx) => copyRows(tx, things, [row({ name: 'fresh' }), { ...taken, name: 'again' }]))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(failure)).toBe(true);
    expect((await stored()).map((r) => r.name)).toEqual(['taken']);
  });

  it('undoes the whole transaction when the server refuses a row, and the connection serves the next statement', async () => {
    await clear();
    const failure = await scratch()
      .transaction(async (tx) => {
        await copyRows(tx, things, [row({ name: 'before' })]);
        await copyRows(tx, things, [row({ name: 'ok' }), row({ name: 'refused' })]);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeTruthy();
    expect(isUniqueViolation(failure)).toBe(false);
    expect(await stored()).toEqual([]);
    await scratch().transaction((tx) => copyRows(tx, things, [row({ name: 'after' })]));
    expect((await stored()).map((r) => r.name)).toEqual(['after']);
  });
});
