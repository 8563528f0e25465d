import { readFeed } from '../kit/events.js';
import { log } from '../kit/log.js';
import { openLimitStore } from '../kit/rate-limit.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { createApplicationStore } from './application-store.js';
import { createApplications } from './applications.js';
import { loadCalendar } from './calendar.js';
import { createCaseStore } from './case-store.js';
import { createCertificateStore } from './certificate-store.js';
import { createCertificates } from './certificates.js';
import { repairsLoaders, type RepairsDeps } from './context.js';
import { REPAIRS_CONSUMES } from './events.js';
import { createObjectionStore } from './objection-store.js';
import { createObjections } from './objections.js';
import { REPAIRS_FIELD_POLICY } from './policy.js';
import { createProgress } from './progress.js';
import { resolvers } from './resolvers/index.js';
import { loadObjectionLimits, loadTimeLimits } from './rules.js';
import { repairsAudit, repairsAuditCheckpoints, repairsOutbox } from './tables.js';
import { createTraining } from './training.js';
import { createTrainingStore } from './training-store.js';
import { createWorkQueue } from './work-queue.js';
import { createWorkQueueStore } from './work-queue-store.js';

export function createRepairsSubgraph(deps: SubgraphDeps) {
  const calendar = loadCalendar();
  // The operator hears of the calendar's end at start-up, from CALENDAR_WARNING_DAYS before it (and in /health, /ready).
  const calendarNow = calendar.status();
  if (calendarNow.warning) log.warn({ calendar: calendarNow }, calendarNow.warning);
  const applicationStore = createApplicationStore(deps.db);
  const trainingStore = createTrainingStore(deps.db);
  const training = createTraining(trainingStore);
  const cases = createCaseStore(deps.db);
  const workQueueStore = createWorkQueueStore(deps.db);
  const data: RepairsDeps = {
    cases,
    applications: createApplications(applicationStore, calendar, loadTimeLimits(), training),
    objections: createObjections(createObjectionStore(deps.db), applicationStore, calendar, loadObjectionLimits()),
    certificates: createCertificates(createCertificateStore(deps.db)),
    training,
    trainingStore,
    progress: createProgress(cases, deps.limits ?? openLimitStore({})),
    workQueue: createWorkQueue(workQueueStore, calendar),
    workQueueStore,
    calendarStatus: () => calendar.status(),
    ping: () => cases.ping(),
  };
  return defineSubgraph(deps, {
    name: 'repairs',
    sdl: new URL('../../schema/repairs.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    auditTable: repairsAudit,
    auditCheckpoints: repairsAuditCheckpoints,
    loaders: repairsLoaders,
    resolvers,
    fieldPolicy: REPAIRS_FIELD_POLICY,
    consumes: REPAIRS_CONSUMES,
    feed: (after, limit) => readFeed(deps.db, repairsOutbox, after, limit),
    status: () => ({ calendar: calendar.status() }),
    // Past its last known day the calendar cannot count deadlines (each one is refused): reported, not unready.
    checks: {
      calendar: async () => {
        const status = calendar.status();
        return { ok: status.daysLeft >= 0, warns: true, detail: status };
      },
    },
  });
}
