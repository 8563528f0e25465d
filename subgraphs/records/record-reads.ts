import { forbidden } from '../kit/errors.js';
import { dateIdCursor, dateIdKey, pageSize, toConnection } from '../kit/pagination.js';
import { PUBLIC_PRINCIPAL, type Principal } from '../kit/principal.js';
import { statisticsBuckets, statisticsDateRange } from '../kit/statistics.js';
import type { LoaderScope } from '../kit/subgraph.js';
import { chinaToday } from '../kit/time.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import { isPublicToday, mayCountRecordsOfSubject, recordRowsVisibleTo } from './policy.js';
import type { RecordCursor, RecordDimension, RecordFilter, RecordStore } from './record-store.js';
import type { RecordKind } from './catalogue.js';
import type { CreditRecordRow } from './tables.js';

/**
 * Reading credit records: the caller's row rule (policy.ts) as of today, what the audit trail notes of a read,
 * pages and their cursors, and statistics as a caller may count them. The SQL: record-store.ts.
 */

/** The records a caller may see today, as the store's filter. */
export const visibleTo = (principal: Principal) => recordRowsVisibleTo(principal, chinaToday());

/** Records not public today that a caller reads are noted for the audit trail, by class. */
export function noteNonPublic(scope: LoaderScope, rows: CreditRecordRow[]): CreditRecordRow[] {
  const today = chinaToday();
  const hidden = rows.filter((row) => !isPublicToday(row, today));
  scope.audit.note(
    'PERSON_RECORD',
    hidden.filter((row) => row.subjectIsPerson).map((row) => row.subjectId),
  );
  scope.audit.note(
    'CREDIT_RECORD',
    hidden.filter((row) => !row.subjectIsPerson).map((row) => row.subjectId),
  );
  return rows;
}

/** A connection of newest-first records: `fetch` reads one more than the page, after the caller's cursor. */
export async function recordPage(
  args: { first?: number | null; after?: string | null },
  fetch: (size: number, after: RecordCursor | undefined) => Promise<CreditRecordRow[]>,
) {
  const size = pageSize(args.first);
  const key = dateIdCursor(args.after);
  const after: RecordCursor | undefined = key && { decisionDate: key.date, id: key.id };
  return toConnection(await fetch(size, after), size, (row) => dateIdKey(row.decisionDate, row.id), after !== undefined);
}

/** A page of records as creditRecords and publicDisclosures are asked for it. */
export interface RecordSearch {
  first?: number | null;
  after?: string | null;
  filter?: RecordFilter | null;
}

/** creditRecords: the records the caller may see, matching the filter; the non-public ones read are noted. */
export function searchRecords(scope: LoaderScope, records: RecordStore, args: RecordSearch) {
  return recordPage(args, async (size, after) =>
    noteNonPublic(scope, await records.searchRecords(args.filter, size, after, visibleTo(scope.principal))),
  );
}

/** publicDisclosures: what the portal shows anyone, whoever asks. */
export function publicDisclosures(records: RecordStore, args: RecordSearch) {
  return recordPage(args, (size, after) => records.searchRecords(args.filter, size, after, visibleTo(PUBLIC_PRINCIPAL)));
}

/** A subject's records of the kinds asked for (all when none are named). */
export const ofKinds = (rows: CreditRecordRow[], kinds: readonly RecordKind[] | null | undefined): CreditRecordRow[] =>
  kinds?.length ? rows.filter((row) => kinds.includes(row.kind)) : rows;

/** A caller's statistics filter as counted: one subject only where policy allows; dates coarsened (kit/statistics.ts rule 4). */
function statisticsFilter(filter: RecordFilter | null | undefined, principal: Principal): RecordFilter | null | undefined {
  if (filter?.subjectId && !mayCountRecordsOfSubject(principal, filter.subjectId)) throw forbidden(M.RECORDS_STATISTICS_PER_SUBJECT());
  if (!filter) return filter;
  const dates = statisticsDateRange({ from: filter.decidedFrom, to: filter.decidedTo }, principal);
  return { ...filter, decidedFrom: dates.from, decidedTo: dates.to };
}

/** recordStatistics: counts per group, as kit/statistics.ts lets this caller see them. */
export async function recordStatistics(
  principal: Principal,
  records: RecordStore,
  by: RecordDimension,
  filter: RecordFilter | null | undefined,
) {
  return statisticsBuckets(await records.statistics(by, statisticsFilter(filter, principal)), principal);
}
