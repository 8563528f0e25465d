import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { asUuid } from '../kit/ids.js';
import { childrenLoader, entityLoader } from '../kit/loaders.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import { checksTextItself } from '../kit/text-guard.js';
import { chinaToday } from '../kit/time.js';
import type { RecordsDeps } from './intake-resolvers.js';
import { licenceStatus, reportLicences, type LicenceReportInput } from './licence.js';
import { licenceRowsVisibleTo } from './policy.js';
import type { LicenceRow } from './tables.js';

/** A person's licences are not public: each read of them is noted for the audit trail, as persons' records are. */
function notePersons(scope: LoaderScope, rows: LicenceRow[]): LicenceRow[] {
  scope.audit.note(
    'PERSON_LICENCE',
    rows.filter((row) => row.subjectIsPerson).map((row) => row.subjectId),
  );
  return rows;
}

export function licenceLoaders(data: RecordsDeps, scope: LoaderScope) {
  const visible = () => licenceRowsVisibleTo(scope.principal);
  return {
    licence: entityLoader(
      async (ids: readonly string[]) => notePersons(scope, await data.licences.licencesByIds(ids, visible())),
      (row) => row.id,
    ),
    licencesOfSubject: childrenLoader(
      async (ids: readonly string[]) => notePersons(scope, await data.licences.licencesOfSubjects(ids, visible())),
      (row) => row.subjectId,
    ),
  };
}

type Ctx = SubgraphContext<RecordsDeps, ReturnType<typeof licenceLoaders>>;

const loadLicence = (id: string, ctx: Ctx) => {
  const uuid = asUuid(id);
  return uuid ? ctx.loaders.licence.load(uuid) : null;
};

/** Administrative licences (行政许可): thin calls into licence.ts. */
export const licenceResolvers: GraphQLResolverMap<Ctx> = {
  Mutation: {
    // Text that cannot be stored rejects its item by name (prepareLicence), not the whole call.
    reportLicences: checksTextItself((_: unknown, args: { input: LicenceReportInput[] }, ctx: Ctx) =>
      reportLicences({ principal: ctx.principal, audit: ctx.audit, licences: ctx.data.licences, keys: ctx.data.keys }, args.input),
    ),
  },
  AdministrativeLicence: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => loadLicence(ref.id, ctx),
    subject: (row: LicenceRow) => ({ id: row.subjectId }),
    licensingUnit: (row: LicenceRow) => ({ id: row.reportingUnitId }),
    status: (row: LicenceRow) => licenceStatus(row, chinaToday()),
  },
  Subject: {
    administrativeLicences: (subject: { id: string }, _: unknown, ctx: Ctx) => ctx.loaders.licencesOfSubject.load(subject.id),
  },
};
