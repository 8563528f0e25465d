import { textOf } from '../../kit/messages.js';
import { checksTextItself } from '../../kit/text-guard.js';
import type { RecordsContext } from '../context.js';
import type { MutationResolvers, Resolvers } from '../generated/graphql.js';
import { reportRecords } from '../intake.js';
import { penaltyShown } from '../penalty.js';

const scope = (ctx: RecordsContext) => ({
  principal: ctx.principal,
  audit: ctx.audit,
  intake: ctx.data.intake,
  tolerance: ctx.data.tolerance,
  keys: ctx.data.keys,
});

// Typed by their fields before checksTextItself marks them: it returns the function it is given, as typed.
const reportMany: MutationResolvers['reportRecords'] = (_, args, ctx) => reportRecords(scope(ctx), args.input);
const reportOne: MutationResolvers['reportRecord'] = async (_, args, ctx) =>
  (await reportRecords(scope(ctx), [args.input], true))[0] ?? null;

/** Intake (归集报送) and correction history: thin calls into intake.ts. */
export const intakeResolvers: Resolvers = {
  Mutation: {
    // Text that cannot be stored rejects its item by name (prepareReport), not the whole call.
    reportRecords: checksTextItself(reportMany),
    reportRecord: checksTextItself(reportOne),
  },
  CreditRecord: {
    history: (row, _, ctx) => ctx.loaders.recordVersions.load(row.id),
    penalty: (row) => penaltyShown(row),
  },
  ReportResult: {
    recordId: (result) => result.recordId ?? result.record?.id ?? null,
  },
  // Also the problems of reportLicences (LicenceReportResult): rendered in the caller's language, code beside.
  ReportProblem: {
    reason: (problem, _, ctx) => textOf(problem.reason, ctx.locale ?? 'zh-CN'),
    code: (problem) => problem.reason.code,
  },
  RecordVersion: {
    content: (version) => JSON.stringify(version.content),
  },
};
