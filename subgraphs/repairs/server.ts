import { readFeed } from '../kit/events.js';
import { mergeResolvers } from '../kit/loaders.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { applicationResolvers, type RepairsDeps } from './application-resolvers.js';
import { createApplicationStore } from './application-store.js';
import { createApplications } from './applications.js';
import { loadCalendar } from './calendar.js';
import { createRepairsData } from './data.js';
import { REPAIRS_CONSUMES } from './events.js';
import { REPAIRS_FIELD_POLICY } from './policy.js';
import { repairsLoaders, repairsResolvers } from './resolvers.js';
import { createObjectionStore } from './objection-store.js';
import { createCertificates } from './certificates.js';
import { createObjections } from './objections.js';
import { createProgress } from './progress.js';
import { openLimitStore } from '../kit/rate-limit.js';
import { createTraining } from './training.js';
import { loadObjectionLimits, loadTimeLimits } from './rules.js';
import { repairsAudit, repairsOutbox } from './tables.js';
import { createWorkQueue } from './work-queue.js';
import { createWorkQueueStore } from './work-queue-store.js';
import { log } from '../kit/log.js';

export function createRepairsSubgraph(deps: SubgraphDeps) {
  const calendar = loadCalendar();
  // The operator hears of the calendar's end at start-up, from CALENDAR_WARNING_DAYS before it (and in /health, /ready).
  const calendarNow = calendar.status();
  if (calendarNow.warning) log.warn({ calendar: calendarNow }, calendarNow.warning);
  const applicationStore = createApplicationStore(deps.db);
  const training = createTraining(deps.db);
  const applications = createApplications(applicationStore, calendar, loadTimeLimits(), training);
  const objections = createObjections(createObjectionStore(deps.db), applicationStore, calendar, loadObjectionLimits());
  const cases = createRepairsData(deps.db);
  const workQueueStore = createWorkQueueStore(deps.db);
  const data: RepairsDeps = {
    ...cases,
    applications,
    objections,
    certificates: createCertificates(deps.db),
    training,
    progress: createProgress(cases, deps.limits ?? openLimitStore({})),
    workQueue: createWorkQueue(workQueueStore, calendar),
    workQueueStore,
    calendarStatus: () => calendar.status(),
  };
  return defineSubgraph<RepairsDeps, ReturnType<typeof repairsLoaders>>(deps, {
    name: 'repairs',
    sdl: new URL('../../schema/repairs.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    auditTable: repairsAudit,
    loaders: repairsLoaders,
    resolvers: mergeResolvers(repairsResolvers as never, applicationResolvers as never),
    fieldPolicy: REPAIRS_FIELD_POLICY,
    consumes: REPAIRS_CONSUMES,
    feed: (after, limit) => readFeed(deps.db, repairsOutbox, after, limit),
    status: () => ({ calendar: calendar.status() }),
  });
}
