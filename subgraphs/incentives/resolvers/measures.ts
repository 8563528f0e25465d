import type { Resolvers } from '../generated/graphql.js';
import { reportedMeasure } from '../measure-catalogue.js';
import { referencedMembership } from '../membership-reads.js';
import { catalogue, measureCompliance, measureComplianceSummary, measuresFor, reportMeasureFeedback } from '../measures.js';

/** Joint incentive and sanction measures: the catalogue, what is due, the units' feedback and the overview. */
export const measureResolvers: Resolvers = {
  Query: {
    measures: (_, args) => catalogue(args.list),
    measuresFor: (_, args, ctx) => measuresFor(ctx, ctx.data, args.subject, args.unit),
    measureCompliance: (_, args, ctx) => measureCompliance(ctx, ctx.data, args),
    measureComplianceSummary: (_, args, ctx) => measureComplianceSummary(ctx, ctx.data, args.list),
  },
  Mutation: {
    reportMeasureFeedback: (_, args, ctx) => reportMeasureFeedback(ctx, ctx.data, args.input),
  },
  Measure: {
    unitIds: (measure) => measure.units,
    units: (measure) => measure.units.map((id) => ({ id })),
  },
  MeasureDue: {
    unit: (due) => ({ id: due.unitId }),
    subject: (due) => ({ id: due.subjectId }),
  },
  MeasureFeedback: {
    measure: (row) => reportedMeasure(row.measure),
    unit: (row) => ({ id: row.unitId }),
    subject: (row) => ({ id: row.subjectId }),
    membership: async (row, _, ctx) => referencedMembership(await ctx.loaders.membership.load(row.membershipId), row.membershipId),
  },
  MeasureComplianceCount: {
    unit: (count) => ({ id: count.unitId }),
  },
};
