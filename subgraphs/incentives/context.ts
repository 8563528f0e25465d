import { childrenLoader, entityLoader } from '../kit/loaders.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { DirectoryStore } from './directory-store.js';
import type { ExemplarStore } from './exemplar-store.js';
import type { LoanStore } from './loan-store.js';
import type { MeasureStore } from './measure-store.js';
import { membershipsOfSubjects, visibleCauses } from './membership-reads.js';
import type { MembershipStore } from './membership-store.js';
import type { PointsStore } from './points-store.js';
import type { RecordFactStore } from './record-fact-store.js';
import type { Supervision } from './supervision.js';

/** What every request of the incentives subgraph works with (server.ts builds it once): the stores, one per area. */
export interface IncentivesDeps {
  memberships: MembershipStore;
  /** Incentives' projection of records' events. */
  facts: RecordFactStore;
  points: PointsStore;
  /** Subjects' kind and tags, and the units, from subjects' events. */
  directory: DirectoryStore;
  measures: MeasureStore;
  loans: LoanStore;
  exemplars: ExemplarStore;
  /** The level of each subject as of now (supervision.ts); callers check the field policy. */
  supervisionOf(subjectIds: readonly string[], today?: string): Promise<Supervision[]>;
  ping(): Promise<void>;
}

/**
 * This request's loaders: memberships pass the caller's row rule (policy.ts) and what the public could not
 * see is noted for the audit trail; causing records are those the caller may see.
 */
export function incentivesLoaders(data: IncentivesDeps, scope: LoaderScope) {
  return {
    membershipsOfSubject: childrenLoader(
      (ids: readonly string[]) => membershipsOfSubjects(scope, data.memberships, ids),
      (row) => row.subjectId,
    ),
    membership: entityLoader(
      (ids: readonly string[]) => data.memberships.membershipsByIds(ids),
      (row) => row.id,
    ),
    // Only the causing records the caller may see (records' row rule on the projection): a hidden one is absent.
    causes: childrenLoader(
      (ids: readonly string[]) => visibleCauses(scope, data.memberships, ids),
      (row) => row.membershipId,
    ),
    supervision: entityLoader(
      (ids: readonly string[]) => data.supervisionOf(ids),
      (row) => row.subjectId,
    ),
    points: childrenLoader(
      (ids: readonly string[]) => data.points.pointsOf(ids),
      (row) => row.subjectId,
    ),
    loanAuthorisations: childrenLoader(
      (ids: readonly string[]) => data.loans.ofSubjects(ids),
      (row) => row.subjectId,
    ),
    deeds: childrenLoader(
      (ids: readonly string[]) => data.exemplars.deedsOf(ids),
      (row) => row.subjectId,
    ),
  };
}

export type IncentivesLoaders = ReturnType<typeof incentivesLoaders>;

/** The context every incentives resolver gets. */
export type IncentivesContext = SubgraphContext<IncentivesDeps, IncentivesLoaders>;
