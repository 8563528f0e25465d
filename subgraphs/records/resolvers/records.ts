import { asUuid } from '../../kit/ids.js';
import { chinaToday } from '../../kit/time.js';
import { CATEGORIES, categoriesReportableBy, categoryEntry, categoryInfo } from '../catalogue.js';
import type { RecordsContext } from '../context.js';
import { explainDisclosure } from '../disclosure.js';
import { statusOn } from '../expiry.js';
import type { Resolvers } from '../generated/graphql.js';
import { ofKinds, publicDisclosures, recordStatistics, searchRecords } from '../record-reads.js';

function loadRecord(id: string, ctx: RecordsContext) {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.record.load(uuid) : null;
}

/** Reading records: one, a search, the portal's disclosures, statistics, the catalogue; thin calls into record-reads.ts. */
export const recordsResolvers: Resolvers = {
  Query: {
    creditRecord: (_, args, ctx) => loadRecord(args.id, ctx),
    creditRecords: (_, args, ctx) => searchRecords(ctx, ctx.data.records, args),
    publicDisclosures: (_, args, ctx) => publicDisclosures(ctx.data.records, args),
    recordCategories: () => CATEGORIES.map(categoryInfo),
    recordStatistics: (_, args, ctx) => recordStatistics(ctx.principal, ctx.data.records, args.by, args.filter),
  },
  CreditRecord: {
    __resolveReference: (ref, ctx) => loadRecord(ref.id, ctx),
    subject: (row) => ({ id: row.subjectId }),
    reportingUnit: (row) => ({ id: row.reportingUnitId }),
    categoryInfo: (row) => categoryInfo(categoryEntry(row.category)!),
    // The status as read today, the same rule as filters and statistics (expiry.ts): a deferral that has
    // ended shows ACTIVE (deferral.ts), an active record past its period EXPIRED (公示期满).
    status: (row) => statusOn(row, chinaToday()),
    disclosure: (row) => {
      const view = explainDisclosure(row, chinaToday());
      return { ...view, ruleVersion: view.rule };
    },
  },
  Subject: {
    __resolveReference: (ref) => ({ id: ref.id }),
    creditRecords: async (subject, args, ctx) => ofKinds(await ctx.loaders.recordsOfSubject.load(subject.id), args.kinds),
  },
  MemberUnit: {
    __resolveReference: (ref) => ({ id: ref.id }),
    reportableCategories: (unit) => categoriesReportableBy(unit.id).map(categoryInfo),
  },
};
