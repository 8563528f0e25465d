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

export function createRepairsSubgraph(deps: SubgraphDeps) {
  const calendar = loadCalendar();
  const applicationStore = createApplicationStore(deps.db);
  const training = createTraining(deps.db);
  const applications = createApplications(applicationStore, calendar, loadTimeLimits(), training);
  const objections = createObjections(createObjectionStore(deps.db), applicationStore, calendar, loadObjectionLimits());
  const cases = createRepairsData(deps.db);
  const data: RepairsDeps = { ...cases, applications, objections, certificates: createCertificates(deps.db), training, progress: createProgress(cases, deps.limits ?? openLimitStore({})) };
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
  });
}
