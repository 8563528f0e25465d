import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { badInput, forbidden } from '../kit/errors.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import type { Principal } from '../kit/principal.js';
import { statisticsBuckets, statisticsDateRange } from '../kit/statistics.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import { chinaToday } from '../kit/time.js';
import { CATEGORIES, categoriesReportableBy, categoryEntry, REQUIRES_RECTIFICATION, type CategoryEntry } from './catalogue.js';
import type { RecordDimension, RecordFilter } from './data.js';
import type { RecordsDeps } from './intake-resolvers.js';
import { isPublicToday, mayCountRecordsOfSubject } from './policy.js';
import { explainDisclosure } from './disclosure.js';
import { statusOn } from './expiry.js';
import type { CreditRecordRow } from './tables.js';

/** Records not public today that a caller reads are noted for the audit trail, by class. */
function noteNonPublic(scope: LoaderScope, rows: CreditRecordRow[]): CreditRecordRow[] {
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

export function recordsLoaders(data: RecordsDeps, scope: LoaderScope) {
  const { principal } = scope;
  return {
    recordVersions: childrenLoader(
      (ids: readonly string[]) => data.intake.versionsOf(ids),
      (row) => row.recordId,
    ),
    record: entityLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.recordsByIds(ids, principal)),
      (row) => row.id,
    ),
    recordsOfSubject: childrenLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.recordsOfSubjects(ids, principal)),
      (row) => row.subjectId,
    ),
    /** The dishonesty records that breached each commitment, as the caller may see them. */
    breachesOf: childrenLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.recordsBreaching(ids, principal)),
      (row) => row.breachOfRecordId!,
    ),
  };
}

type Ctx = SubgraphContext<RecordsDeps, ReturnType<typeof recordsLoaders>>;

function loadRecord(id: string, ctx: Ctx) {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.record.load(uuid) : null;
}

export function recordCursor(cursor: string | undefined): { decisionDate: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [decisionDate, id] = cursor.split('|');
  if (!decisionDate || !id || !asUuid(id)) throw badInput('after', 'is not a cursor returned by this API');
  return { decisionDate, id };
}

/** A caller's statistics filter as counted: one subject only where policy allows; dates coarsened (kit/statistics.ts rule 4). */
function statisticsFilter(filter: RecordFilter | undefined, principal: Principal): RecordFilter | undefined {
  if (filter?.subjectId && !mayCountRecordsOfSubject(principal, filter.subjectId))
    throw forbidden('统计不按单个主体分解：单个主体的记录请以 creditRecords 查询');
  if (!filter) return filter;
  const dates = statisticsDateRange({ from: filter.decidedFrom, to: filter.decidedTo }, principal);
  return { ...filter, decidedFrom: dates.from, decidedTo: dates.to };
}

const categoryView = (entry: CategoryEntry) => ({
  ...entry,
  requiresRectification: REQUIRES_RECTIFICATION.has(entry.code),
  reportingUnits: entry.reportingUnits.map((id) => ({ id })),
});

export const recordsResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    creditRecord: (_: unknown, args: { id: string }, ctx: Ctx) => loadRecord(args.id, ctx),
    creditRecords: async (_: unknown, args: { first?: number; after?: string; filter?: RecordFilter }, ctx: Ctx) => {
      const size = pageSize(args.first);
      const after = recordCursor(decodeCursor(args.after));
      const rows = noteNonPublic(ctx, await ctx.data.searchRecords(args.filter, size, after, ctx.principal));
      return toConnection(rows, size, (row) => `${row.decisionDate}|${row.id}`, after !== undefined);
    },
    recordCategories: () => CATEGORIES.map(categoryView),
    recordStatistics: async (_: unknown, args: { by: RecordDimension; filter?: RecordFilter }, ctx: Ctx) =>
      statisticsBuckets(await ctx.data.statistics(args.by, statisticsFilter(args.filter, ctx.principal)), ctx.principal),
  },
  CreditRecord: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadRecord(ref.id, ctx),
    subject: (row: CreditRecordRow) => ({ id: row.subjectId }),
    reportingUnit: (row: CreditRecordRow) => ({ id: row.reportingUnitId }),
    categoryInfo: (row: CreditRecordRow) => categoryView(categoryEntry(row.category)!),
    // The status as read today, the same rule as filters and statistics (expiry.ts): a deferral that has
    // ended shows ACTIVE (deferral.ts), an active record past its period EXPIRED (公示期满).
    status: (row: CreditRecordRow) => statusOn(row, chinaToday()),
    disclosure: (row: CreditRecordRow) => {
      const view = explainDisclosure(row, chinaToday());
      return { ...view, ruleVersion: view.rule };
    },
  },
  Subject: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    creditRecords: async (subject: { id: string }, args: { kinds?: string[] | null }, ctx: Ctx) => {
      const rows = await ctx.loaders.recordsOfSubject.load(subject.id);
      return args.kinds?.length ? rows.filter((row) => args.kinds!.includes(row.kind)) : rows;
    },
  },
  MemberUnit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    reportableCategories: (unit: { id: string }) => categoriesReportableBy(unit.id).map(categoryView),
  },
};
