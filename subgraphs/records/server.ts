import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { readFeed } from '../kit/events.js';
import { createCommitments } from './commitment.js';
import { recordsLoaders, type RecordsDeps } from './context.js';
import { RECORDS_CONSUMES } from './events.js';
import { createIntakeStore } from './intake-store.js';
import { createLicenceStore } from './licence-store.js';
import { RECORDS_FIELD_POLICY } from './policy.js';
import { createRecordStore } from './record-store.js';
import { createRectification, loadRectificationLimits } from './rectification.js';
import { createRectificationStore } from './rectification-store.js';
import { resolvers } from './resolvers/index.js';
import { announceShownStatuses } from './sweep-store.js';
import { recordsAudit, recordsAuditCheckpoints, recordsOutbox } from './tables.js';
import { DEFAULT_POLICIES } from './tolerance.js';
import { createToleranceStore } from './tolerance-store.js';

export function createRecordsSubgraph(deps: SubgraphDeps) {
  const { db, secrets } = deps;
  const records = createRecordStore(db);
  const tolerance = createToleranceStore(db);
  const data: RecordsDeps = {
    records,
    intake: createIntakeStore(db),
    tolerance,
    licences: createLicenceStore(db),
    rectification: createRectification(records, createRectificationStore(db), loadRectificationLimits(deps.env ?? process.env)),
    commitments: createCommitments(records),
    keys: { pseudonymKey: secrets.pseudonymKey, idEncryptionKey: secrets.idEncryptionKey },
    ping: () => records.ping(),
  };
  return defineSubgraph(deps, {
    name: 'records',
    sdl: new URL('../../schema/records.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    auditTable: recordsAudit,
    auditCheckpoints: recordsAuditCheckpoints,
    loaders: recordsLoaders,
    resolvers,
    fieldPolicy: RECORDS_FIELD_POLICY,
    prepare: () => tolerance.ensurePolicies(DEFAULT_POLICIES),
    feed: (after, limit) => readFeed(db, recordsOutbox, after, limit),
    consumes: RECORDS_CONSUMES,
    // 公示期满 and ended deferrals are read from the date; the sweep tells the other subgraphs (sweep-store.ts).
    housekeeping: () => announceShownStatuses(db),
  });
}
