/**
 * Keyset cursors (subgraphs/kit/pagination.ts `dateIdCursor`, issue 15): a cursor the API did not return is
 * refused as BAD_USER_INPUT on `after` — never read as the first page, never passed to SQL to fail there —
 * on every page that reads one: the repairs work queue, records' lists, incentives' list members and the
 * portal's exemplars. A cursor the API did return still pages, without repeating or skipping a row.
 * Through the gateway, on the seeded demo.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AS, gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);

/** A cursor as this API writes one (kit/pagination.ts): its key, prefixed, base64url. */
const cursorOf = (key: string) => Buffer.from(`k:${key}`, 'utf8').toString('base64url');
const ROW_UUID = '5f0c3c1e-7a51-4c1b-9a55-1f2d3e4a5b6c';

/** Cursors nobody was given, by how they are wrong. */
const FORGED: [string, string][] = [
  ['random base64', randomBytes(24).toString('base64url')],
  ['random standard base64', randomBytes(33).toString('base64')],
  ['not base64 at all', '%%%not a cursor%%%'],
  ['the empty string', ''],
  ['the prefix alone', cursorOf('')],
  ['a month that does not exist', cursorOf(`2026-13-01|${ROW_UUID}`)],
  ['a day that does not exist', cursorOf(`2026-02-30|${ROW_UUID}`)],
  ['year zero', cursorOf(`0000-01-01|${ROW_UUID}`)],
  ['a date in another format', cursorOf(`2026/05/06|${ROW_UUID}`)],
  ['a date and no id', cursorOf('2026-05-06|')],
  ['an id and no date', cursorOf(`|${ROW_UUID}`)],
  ['a third segment', cursorOf(`2026-05-06|${ROW_UUID}|x`)],
  ['SQL in the date', cursorOf(`2026-05-06'::date) or (1=1|${ROW_UUID}`)],
  ['SQL in the id', cursorOf(`2026-05-06|' or '1'='1' --`)],
  ['SQL as the whole cursor', `' or 1=1; drop table records.credit_records; --`],
  ['a NUL in the key', cursorOf(`2026-05-06|${ROW_UUID}\u0000`)],
];

/** The pages that read a `dateIdCursor`, each with who may read it and how to take its rows. */
const PAGES = [
  {
    name: 'repairs work queue',
    query: `query($first: Int, $after: String) { workQueue(first: $first, after: $after) { edges { cursor node { number } } pageInfo { hasNextPage endCursor } } }`,
    as: AS.creditOffice,
    connection: (data: any) => data.workQueue,
    id: (node: any) => node.number,
  },
  {
    name: 'records: creditRecords',
    query: `query($first: Int, $after: String) { creditRecords(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
    as: AS.creditOffice,
    connection: (data: any) => data.creditRecords,
    id: (node: any) => node.id,
  },
  {
    name: 'incentives: listMembers',
    query: `query($first: Int, $after: String) { listMembers(list: JOINT_PUNISHMENT, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
    as: AS.creditOffice,
    connection: (data: any) => data.listMembers,
    id: (node: any) => node.id,
  },
  {
    name: 'incentives: exemplars',
    query: `query($first: Int, $after: String) { exemplars(first: $first, after: $after) { edges { cursor node { subject { id } displayName since } } pageInfo { hasNextPage endCursor } } }`,
    as: AS.public,
    connection: (data: any) => data.exemplars,
    // Exemplars page by subject: one per subject, and a person is shown by chosen name only.
    id: (node: any) => `${node.subject?.id ?? node.displayName}|${node.since}`,
  },
];

describe.each(PAGES)('$name', (page) => {
  it.each(FORGED)('refuses a forged cursor (%s) as BAD_USER_INPUT naming after', async (_how, after) => {
    const body = await gql(page.query, { first: 2, after }, page.as);
    expect(body.errors?.map((error: any) => ({ code: error.extensions?.code, message: error.message }))).toEqual([
      { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^after: /) },
    ]);
    expect(body.errors[0].extensions.field).toBe('after');
    // Refused, not answered as a first page.
    expect(body.data ? page.connection(body.data) : null).toBeNull();
  });

  it('pages with the cursors it returned: every row once, in the order of the whole list', async () => {
    // The list as one page of up to 100 (more rows than that: its first 100), then walked in pages of about a third.
    const whole = page.connection((await gql(page.query, { first: 100 }, page.as)).data);
    const all: string[] = whole.edges.map((edge: any) => page.id(edge.node));
    // Two rows at least, so at least one page is read through a cursor.
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = Math.max(1, Math.floor(all.length / 3));
    const paged: string[] = [];
    let after: string | null = null;
    let pages = 0;
    while (paged.length < all.length) {
      const body = await gql(page.query, { first, after }, page.as);
      expect(body.errors).toBeUndefined();
      const connection = page.connection(body.data);
      expect(connection.edges.length).toBeGreaterThan(0);
      paged.push(...connection.edges.map((edge: any) => page.id(edge.node)));
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      pages += 1;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBeGreaterThan(1);
    expect(paged.slice(0, all.length)).toEqual(all);
    // The last page says so exactly when the whole list fitted in one page of 100.
    if (!whole.pageInfo.hasNextPage) expect(paged).toHaveLength(all.length);
  });
});
