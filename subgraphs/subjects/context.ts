import { entityLoader } from '../kit/loaders.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { DesignationStore } from './designation-store.js';
import type { MemberUnitStore } from './member-unit-store.js';
import type { RegistrationStore } from './registration-store.js';
import { notePersons, type SubjectReads } from './subject-reads.js';
import type { SubjectStore } from './subject-store.js';

/**
 * What every request of the subjects subgraph works with (server.ts builds it once): reading credit files as
 * the caller may see them (subject-reads.ts; the platform's seed and the tests read through it too), and the
 * stores.
 */
export interface SubjectsDeps extends SubjectReads {
  subjects: SubjectStore;
  units: MemberUnitStore;
  registration: RegistrationStore;
  designation: DesignationStore;
  /** No credit file yet: the platform seeds an empty system. */
  isEmpty(): Promise<boolean>;
  ping(): Promise<void>;
}

/** This request's loaders: credit files pass the caller's row rule (policy.ts), and the persons read are noted. */
export function subjectsLoaders(data: SubjectsDeps, scope: LoaderScope) {
  return {
    subject: entityLoader(
      async (ids: readonly string[]) => notePersons(scope, await data.subjectsByIds(ids, scope.principal)),
      (row) => row.id,
    ),
    memberUnit: entityLoader(
      (ids: readonly string[]) => data.units.memberUnitsByIds(ids),
      (row) => row.id,
    ),
  };
}

export type SubjectsLoaders = ReturnType<typeof subjectsLoaders>;

/** The context every subjects resolver gets. */
export type SubjectsContext = SubgraphContext<SubjectsDeps, SubjectsLoaders>;
