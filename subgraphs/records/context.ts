import { childrenLoader, entityLoader } from '../kit/loaders.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { Commitments } from './commitment.js';
import type { IntakeStore } from './intake-store.js';
import type { SubjectKeys } from './item-checks.js';
import { notePersons } from './licence.js';
import type { LicenceStore } from './licence-store.js';
import { licenceRowsVisibleTo } from './policy.js';
import { noteNonPublic, visibleTo } from './record-reads.js';
import type { RecordStore } from './record-store.js';
import type { Rectification } from './rectification.js';
import type { ToleranceStore } from './tolerance-store.js';

/** What every request of the records subgraph works with (server.ts builds it once): the stores, the features that keep state, the keys. */
export interface RecordsDeps {
  records: RecordStore;
  intake: IntakeStore;
  tolerance: ToleranceStore;
  licences: LicenceStore;
  rectification: Rectification;
  commitments: Commitments;
  keys: SubjectKeys;
  ping(): Promise<void>;
}

/**
 * This request's loaders: every row passes the caller's row rule (policy.ts), and what the caller reads of
 * persons and of records not public today is noted for the audit trail.
 */
export function recordsLoaders(data: RecordsDeps, scope: LoaderScope) {
  const { principal } = scope;
  const visibleLicences = () => licenceRowsVisibleTo(principal);
  return {
    recordVersions: childrenLoader(
      (ids: readonly string[]) => data.intake.versionsOf(ids),
      (row) => row.recordId,
    ),
    record: entityLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.records.recordsByIds(ids, visibleTo(principal))),
      (row) => row.id,
    ),
    recordsOfSubject: childrenLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.records.recordsOfSubjects(ids, visibleTo(principal))),
      (row) => row.subjectId,
    ),
    /** The dishonesty records that breached each commitment, as the caller may see them. */
    breachesOf: childrenLoader(
      async (ids: readonly string[]) => noteNonPublic(scope, await data.records.recordsBreaching(ids, visibleTo(principal))),
      (row) => row.breachOfRecordId!,
    ),
    licence: entityLoader(
      async (ids: readonly string[]) => notePersons(scope, await data.licences.licencesByIds(ids, visibleLicences())),
      (row) => row.id,
    ),
    licencesOfSubject: childrenLoader(
      async (ids: readonly string[]) => notePersons(scope, await data.licences.licencesOfSubjects(ids, visibleLicences())),
      (row) => row.subjectId,
    ),
  };
}

export type RecordsLoaders = ReturnType<typeof recordsLoaders>;

/** The context every records resolver gets. */
export type RecordsContext = SubgraphContext<RecordsDeps, RecordsLoaders>;
