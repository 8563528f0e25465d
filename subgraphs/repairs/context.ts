import { childrenLoader, entityLoader } from '../kit/loaders.js';
import type { LoaderScope, SubgraphContext } from '../kit/subgraph.js';
import type { Applications } from './applications.js';
import type { CalendarStatus } from './calendar.js';
import type { CaseStore } from './case-store.js';
import type { Certificates } from './certificates.js';
import type { Objections } from './objections.js';
import { applicationRowsVisibleTo, objectionRowsVisibleTo } from './policy.js';
import type { Progress } from './progress.js';
import type { ObjectionRow, RepairApplicationRow } from './tables.js';
import type { Training } from './training.js';
import type { TrainingStore } from './training-store.js';
import type { WorkQueue } from './work-queue.js';
import type { WorkQueueStore } from './work-queue-store.js';

/** What every request of the repairs subgraph works with (server.ts builds it once): the stores the loaders read, the features. */
export interface RepairsDeps {
  cases: CaseStore;
  applications: Applications;
  objections: Objections;
  certificates: Certificates;
  training: Training;
  trainingStore: TrainingStore;
  progress: Progress;
  workQueue: WorkQueue;
  workQueueStore: WorkQueueStore;
  /** The working-day calendar's reach, for /health, /ready and the start-up log. */
  calendarStatus(): CalendarStatus;
  ping(): Promise<void>;
}

/** Every case a caller reads is a subject's own affair: noted for the audit trail. */
function noted<T extends { subjectId: string }>(
  scope: LoaderScope,
  dataClass: 'REPAIR_CASE' | 'OBJECTION',
  read: Promise<T[]>,
): Promise<T[]> {
  return read.then((rows) => {
    scope.audit.note(
      dataClass,
      rows.map((row) => row.subjectId),
    );
    return rows;
  });
}

/** This request's loaders: every case passes the caller's row rule (policy.ts) and is noted for the audit trail. */
export function repairsLoaders(data: RepairsDeps, scope: LoaderScope) {
  const { principal } = scope;
  const { cases } = data;
  const applications = (read: Promise<RepairApplicationRow[]>) => noted(scope, 'REPAIR_CASE', read);
  const objections = (read: Promise<ObjectionRow[]>) => noted(scope, 'OBJECTION', read);
  return {
    application: entityLoader(
      (ids: readonly string[]) => applications(cases.applicationsByIds(ids, applicationRowsVisibleTo(principal))),
      (row) => row.id,
    ),
    applicationsOfSubject: childrenLoader(
      (keys: readonly string[]) => applications(cases.applicationsOf('subjectId', keys, applicationRowsVisibleTo(principal))),
      (row) => row.subjectId,
    ),
    applicationsOfRecord: childrenLoader(
      (keys: readonly string[]) => applications(cases.applicationsOf('recordId', keys, applicationRowsVisibleTo(principal))),
      (row) => row.recordId,
    ),
    objection: entityLoader(
      (ids: readonly string[]) => objections(cases.objectionsByIds(ids, objectionRowsVisibleTo(principal))),
      (row) => row.id,
    ),
    objectionsOfSubject: childrenLoader(
      (keys: readonly string[]) => objections(cases.objectionsOf('subjectId', keys, objectionRowsVisibleTo(principal))),
      (row) => row.subjectId,
    ),
    objectionsOfRecord: childrenLoader(
      (keys: readonly string[]) => objections(cases.objectionsOf('recordId', keys, objectionRowsVisibleTo(principal))),
      (row) => row.recordId,
    ),
    history: childrenLoader(
      (ids: readonly string[]) => cases.historyOf(ids),
      (row) => row.caseId,
    ),
    trainingOfSubject: childrenLoader(
      (ids: readonly string[]) => data.trainingStore.enrolmentsOf(ids),
      (row) => row.subjectId,
    ),
    trainingSession: entityLoader(
      (ids: readonly string[]) => data.trainingStore.sessionsByIds(ids),
      (row) => row.id,
    ),
    seatsTaken: entityLoader(
      (ids: readonly string[]) => data.trainingStore.seatsTaken(ids),
      (row) => row.sessionId,
    ),
    subjectTags: entityLoader(
      (ids: readonly string[]) => data.workQueueStore.subjectTags(ids),
      (row) => row.subjectId,
    ),
  };
}

export type RepairsLoaders = ReturnType<typeof repairsLoaders>;

/** The context every repairs resolver gets. */
export type RepairsContext = SubgraphContext<RepairsDeps, RepairsLoaders>;
