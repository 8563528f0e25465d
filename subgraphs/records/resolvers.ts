import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { badInput } from '../kit/errors.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import { decodeCursor, pageSize, toConnection } from '../kit/pagination.js';
import type { Principal } from '../kit/principal.js';
import type { SubgraphContext } from '../kit/subgraph.js';
import { chinaToday } from '../kit/time.js';
import { CATEGORIES, categoriesReportableBy, categoryEntry, type CategoryEntry } from './catalogue.js';
import type { RecordFilter, RecordsData } from './data.js';
import { explainDisclosure } from './disclosure.js';
import type { CreditRecordRow } from './tables.js';

export function recordsLoaders(data: RecordsData, principal: Principal) {
  return {
    record: entityLoader((ids: readonly string[]) => data.recordsByIds(ids, principal), (row) => row.id),
    recordsOfSubject: childrenLoader((ids: readonly string[]) => data.recordsOfSubjects(ids, principal), (row) => row.subjectId),
  };
}

type Ctx = SubgraphContext<RecordsData, ReturnType<typeof recordsLoaders>>;

function loadRecord(id: string, ctx: Ctx) {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.record.load(uuid) : null;
}

function recordCursor(cursor: string | undefined): { decisionDate: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [decisionDate, id] = cursor.split('|');
  if (!decisionDate || !id || !asUuid(id)) throw badInput('after', 'is not a cursor returned by this API');
  return { decisionDate, id };
}

const categoryView = (entry: CategoryEntry) => ({ ...entry, reportingUnits: entry.reportingUnits.map((id) => ({ id })) });

export const recordsResolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    creditRecord: (_: unknown, args: { id: string }, ctx: Ctx) => loadRecord(args.id, ctx),
    creditRecords: async (_: unknown, args: { first?: number; after?: string; filter?: RecordFilter }, ctx: Ctx) => {
      const size = pageSize(args.first);
      const after = recordCursor(decodeCursor(args.after));
      const rows = await ctx.data.searchRecords(args.filter, size, after, ctx.principal);
      return toConnection(rows, size, (row) => `${row.decisionDate}|${row.id}`, after !== undefined);
    },
    recordCategories: () => CATEGORIES.map(categoryView),
  },
  CreditRecord: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadRecord(ref.id, ctx),
    subject: (row: CreditRecordRow) => ({ id: row.subjectId }),
    reportingUnit: (row: CreditRecordRow) => ({ id: row.reportingUnitId }),
    categoryInfo: (row: CreditRecordRow) => categoryView(categoryEntry(row.category)!),
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
