import { like, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from './events.js';

/**
 * The next human-readable number with this prefix (XF20261126 0001, TCBKKL2026 0001 …), taken under a
 * transaction lock on the prefix so two concurrent filings never get the same number.
 */
export async function nextNumber(tx: Tx, column: PgColumn, prefix: string, digits = 4): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${prefix}))`);
  const [row] = await tx
    .select({ last: sql<string | null>`max(${column})` })
    .from(column.table)
    .where(like(column, `${prefix}%`));
  const seq = row?.last ? Number(row.last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(digits, '0')}`;
}
