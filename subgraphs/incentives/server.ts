import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { reassessExpired } from './consequences.js';
import { incentivesLoaders, type IncentivesDeps } from './context.js';
import { createDirectoryStore } from './directory-store.js';
import { INCENTIVES_CONSUMES } from './events.js';
import { createExemplarStore } from './exemplar-store.js';
import { createLoanStore } from './loan-store.js';
import { createMeasureStore } from './measure-store.js';
import { createMembershipStore } from './membership-store.js';
import { DEFAULT_POINTS_RULE_ROWS } from './points.js';
import { createPointsStore } from './points-store.js';
import { INCENTIVES_FIELD_POLICY } from './policy.js';
import { createRecordFactStore } from './record-fact-store.js';
import { resolvers } from './resolvers/index.js';
import { supervisionOf } from './supervision.js';
import { incentivesAudit, incentivesAuditCheckpoints } from './tables.js';

export function createIncentivesSubgraph(deps: SubgraphDeps) {
  const { db } = deps;
  const memberships = createMembershipStore(db);
  const facts = createRecordFactStore(db);
  const points = createPointsStore(db);
  const data: IncentivesDeps = {
    memberships,
    facts,
    points,
    directory: createDirectoryStore(db),
    measures: createMeasureStore(db),
    loans: createLoanStore(db),
    exemplars: createExemplarStore(db),
    supervisionOf: (subjectIds, today) => supervisionOf({ memberships, facts }, subjectIds, today),
    ping: () => memberships.ping(),
  };
  return defineSubgraph(deps, {
    name: 'incentives',
    sdl: new URL('../../schema/incentives.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    auditTable: incentivesAudit,
    auditCheckpoints: incentivesAuditCheckpoints,
    loaders: incentivesLoaders,
    resolvers,
    fieldPolicy: INCENTIVES_FIELD_POLICY,
    prepare: () => points.addMissingRules(DEFAULT_POINTS_RULE_ROWS),
    consumes: INCENTIVES_CONSUMES,
    // Time lifts consequences too: records whose effect ended are re-assessed (consequences.ts).
    housekeeping: () => reassessExpired(db),
  });
}
