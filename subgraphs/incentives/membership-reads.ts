import type { PolicyScope } from '../kit/field-policy.js';
import { dateIdCursor, dateIdKey, pageSize, toConnection, type Connection } from '../kit/pagination.js';
import { chinaToday } from '../kit/time.js';
import type { MembershipStore } from './membership-store.js';
import { causeVisibleTo, isPublicMembership, membershipRowsVisibleTo } from './policy.js';
import type { ListMembershipRow } from './tables.js';

/**
 * Reading list memberships: the caller's row rule (policy.ts) as of today, what the audit trail notes of a
 * read, which causes a membership shows, and the list's pages. The SQL: membership-store.ts.
 */

export function isActive(row: Pick<ListMembershipRow, 'endedAt' | 'until'>, today = chinaToday()): boolean {
  return row.endedAt === null && (row.until === null || row.until >= today);
}

/** Memberships the public could not see (key attention, persons') are noted for the audit trail. */
export function noteNonPublic(scope: PolicyScope, rows: ListMembershipRow[]): ListMembershipRow[] {
  scope.audit.note(
    'LIST_MEMBERSHIP',
    rows.filter((row) => !isPublicMembership(row, isActive(row))).map((row) => row.subjectId),
  );
  return rows;
}

/** The memberships of these subjects the caller may see, newest first, noted for the audit trail. */
export async function membershipsOfSubjects(
  scope: PolicyScope,
  memberships: MembershipStore,
  subjectIds: readonly string[],
): Promise<ListMembershipRow[]> {
  return noteNonPublic(scope, await memberships.membershipsOfSubjects(subjectIds, membershipRowsVisibleTo(scope.principal, chinaToday())));
}

/** Only the causing records the caller may see (records' row rule on the projection): a hidden one is absent. */
export async function visibleCauses(scope: PolicyScope, memberships: MembershipStore, membershipIds: readonly string[]) {
  const today = chinaToday();
  return (await memberships.causesOf(membershipIds)).filter((cause) => causeVisibleTo(scope.principal, cause.fact, today));
}

/** While active, the causes that hold it; once ended, every record that ever caused it. */
export function causesShown<Cause extends { recordId: string; liftedAt: Date | null }>(row: ListMembershipRow, causes: Cause[]): Cause[] {
  const active = isActive(row);
  return causes.filter((cause) => !active || cause.liftedAt === null);
}

/** A subject's memberships, only the active ones when asked. */
export function membershipsShown(rows: ListMembershipRow[], activeOnly: boolean): ListMembershipRow[] {
  return activeOnly ? rows.filter((row) => isActive(row)) : rows;
}

/** Active members of one list the caller may see, newest first; keyset on (since, id). */
export async function listMembers(
  ctx: PolicyScope,
  memberships: MembershipStore,
  list: string,
  first: number | null | undefined,
  cursor: string | null | undefined,
): Promise<Connection<ListMembershipRow>> {
  const size = pageSize(first);
  const key = dateIdCursor(cursor);
  const after = key && { since: key.date, id: key.id };
  const today = chinaToday();
  const rows = noteNonPublic(ctx, await memberships.listMembers(list, size, after, membershipRowsVisibleTo(ctx.principal, today), today));
  return toConnection(rows, size, (row) => dateIdKey(row.since, row.id), after !== undefined);
}

/** The membership a stored row refers to: a foreign key, so it exists (merged duplicates are kept as history). */
export function referencedMembership(row: ListMembershipRow | null, id: string): ListMembershipRow {
  if (!row) throw new Error(`list membership ${id} referred to by a stored row is missing`);
  return row;
}
