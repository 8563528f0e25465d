import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { mergeResolvers } from '../kit/loaders.js';
import { readFeed } from '../kit/events.js';
import { createRecordsData } from './data.js';
import { RECORDS_CONSUMES } from './events.js';
import { intakeResolvers } from './intake-resolvers.js';
import { createIntakeStore } from './intake-store.js';
import { licenceLoaders, licenceResolvers } from './licence-resolvers.js';
import { createLicenceStore } from './licence-store.js';
import { RECORDS_FIELD_POLICY } from './policy.js';
import { recordsLoaders, recordsResolvers } from './resolvers.js';
import { recordsAudit, recordsOutbox } from './tables.js';
import { createWorkflow } from './workflow.js';
import { createRectification, loadRectificationLimits } from './rectification.js';
import { createRectificationStore } from './rectification-store.js';
import { announceShownStatuses } from './sweep-store.js';
import { workflowResolvers } from './workflow-resolvers.js';

export function createRecordsSubgraph(deps: SubgraphDeps) {
  const { db, secrets } = deps;
  const intake = createIntakeStore(db);
  return defineSubgraph(deps, {
    name: 'records',
    sdl: new URL('../../schema/records.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data: {
      ...createRecordsData(db),
      intake,
      licences: createLicenceStore(db),
      workflow: createWorkflow(db),
      rectification: createRectification(createRectificationStore(db), loadRectificationLimits(deps.env ?? process.env)),
      keys: { pseudonymKey: secrets.pseudonymKey, idEncryptionKey: secrets.idEncryptionKey },
    },
    auditTable: recordsAudit,
    loaders: (data, scope) => ({ ...recordsLoaders(data, scope), ...licenceLoaders(data, scope) }),
    resolvers: mergeResolvers(recordsResolvers as never, intakeResolvers as never, workflowResolvers as never, licenceResolvers as never),
    fieldPolicy: RECORDS_FIELD_POLICY,
    prepare: () => intake.ensureDefaultPolicies(),
    feed: (after, limit) => readFeed(db, recordsOutbox, after, limit),
    consumes: RECORDS_CONSUMES,
    // 公示期满 and ended deferrals are read from the date; the sweep tells the other subgraphs (sweep-store.ts).
    housekeeping: () => announceShownStatuses(db),
  });
}
