import { asUuid } from '../../kit/ids.js';
import { checksTextItself } from '../../kit/text-guard.js';
import { chinaToday } from '../../kit/time.js';
import type { RecordsContext } from '../context.js';
import type { MutationResolvers, Resolvers } from '../generated/graphql.js';
import { licenceStatus, reportLicences } from '../licence.js';

const loadLicence = (id: string, ctx: RecordsContext) => {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.licence.load(uuid) : null;
};

// Typed by its field before checksTextItself marks it: it returns the function it is given, as typed.
const report: MutationResolvers['reportLicences'] = (_, args, ctx) =>
  reportLicences({ principal: ctx.principal, audit: ctx.audit, licences: ctx.data.licences, keys: ctx.data.keys }, args.input);

/** Administrative licences (行政许可): thin calls into licence.ts. */
export const licenceResolvers: Resolvers = {
  Mutation: {
    // Text that cannot be stored rejects its item by name (prepareLicence), not the whole call.
    reportLicences: checksTextItself(report),
  },
  AdministrativeLicence: {
    __resolveReference: (ref, ctx) => loadLicence(ref.id, ctx),
    subject: (row) => ({ id: row.subjectId }),
    licensingUnit: (row) => ({ id: row.reportingUnitId }),
    status: (row) => licenceStatus(row, chinaToday()),
  },
  Subject: {
    administrativeLicences: (subject, _, ctx) => ctx.loaders.licencesOfSubject.load(subject.id),
  },
};
