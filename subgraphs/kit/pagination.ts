import { badInput } from './errors.js';
import { KIT_MESSAGES as M } from './kit-messages.js';
import { asUuid } from './ids.js';
import { isRealDate } from './scalars.js';

export const MAX_PAGE = 100;
const PREFIX = 'k:';

/** Opaque keyset cursors: the sort key, base64url-encoded, so clients cannot depend on its shape. */
export function encodeCursor(key: string): string {
  return Buffer.from(PREFIX + key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | undefined {
  if (cursor == null) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX)) throw badInput(field, M.CURSOR_INVALID());
  return decoded.slice(PREFIX.length);
}

export function pageSize(first: number | null | undefined, field = 'first', fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw badInput(field, M.PAGE_SIZE_OUT_OF_RANGE({ max: MAX_PAGE, got: size }));
  return size;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Builds a Relay connection from `size + 1` fetched rows: the extra row only says whether a next page exists. */
export function toConnection<T>(rows: T[], size: number, keyOf: (row: T) => string, hadCursor: boolean): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** What a cursor's row id may be: a row's uuid, or a subject's id (a credit code, or a person's P- pseudonym). */
const ROW_IDS = {
  uuid: (id: string) => asUuid(id),
  subject: (id: string) => (/^(P-[0-9a-f]{32}|[0-9A-HJ-NPQRTUWXY]{18})$/.test(id) ? id : undefined),
};

/**
 * The platform's keyset: a date (the list's order) and a row id breaking ties, written `date|id` in the cursor.
 * A cursor that does not decode to one — a date no calendar has, an id of the wrong shape — is refused on
 * `after`, never read as the first page nor passed to SQL.
 */
export function dateIdCursor(
  after: string | null | undefined,
  options: { field?: string; id?: keyof typeof ROW_IDS } = {},
): { date: string; id: string } | undefined {
  const { field = 'after', id: idKind = 'uuid' } = options;
  const key = decodeCursor(after, field);
  if (key === undefined) return undefined;
  const [date, id, ...rest] = key.split('|');
  const rowId = id ? ROW_IDS[idKind](id) : undefined;
  if (!date || !isRealDate(date) || date < '0001-01-01' || !rowId || rest.length) throw badInput(field, M.CURSOR_INVALID());
  return { date, id: rowId };
}

/** The cursor `dateIdCursor` reads back. */
export const dateIdKey = (date: string, id: string): string => `${date}|${id}`;
