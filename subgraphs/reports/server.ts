import { ConfigError } from '../kit/config.js';
import { defineSubgraph, type SubgraphDeps } from '../kit/subgraph.js';
import { reportsLoaders, type ReportsDeps } from './context.js';
import { documentRoutes } from './documents.js';
import { createIssuer } from './issue.js';
import { openLimitStore } from '../kit/rate-limit.js';
import { replayGuardFor } from '../kit/replay.js';
import { pdfReader } from './pdf-reader.js';
import { REPORTS_FIELD_POLICY } from './policy.js';
import { createReportStore } from './report-store.js';
import { resolvers } from './resolvers/index.js';
import { loadSigningKey } from './signing.js';
import { reportsAudit, reportsAuditCheckpoints } from './tables.js';

/** Where report URLs point: PUBLIC_BASE_URL (the portal's address of the gateway), else the gateway itself. */
function publicBase(env: Record<string, string | undefined>, gatewayUrl: () => string): () => string {
  const configured = env.PUBLIC_BASE_URL?.trim();
  if (configured && !/^https?:\/\/[^/]+$/.test(configured.replace(/\/$/, '')))
    throw new ConfigError('PUBLIC_BASE_URL must be an http(s) origin such as https://credit.taicang.gov.cn');
  return () => (configured ? configured.replace(/\/$/, '') : new URL(gatewayUrl()).origin);
}

export function createReportsSubgraph(deps: SubgraphDeps) {
  const env = deps.env ?? process.env;
  const key = loadSigningKey(env);
  const gatewayUrl =
    deps.gatewayUrl ??
    (() => {
      throw new Error('the reports subgraph composes reports through the gateway: give it gatewayUrl (GATEWAY_URL when run alone)');
    });
  const base = publicBase(env, gatewayUrl);
  const limits = deps.limits ?? openLimitStore({});
  const store = createReportStore(deps.db);
  const issuer = createIssuer(store, { key, internalSecret: deps.secrets.internalSecret, gatewayUrl, base, limits });
  const data: ReportsDeps = { issuer, key, base, ping: () => store.ping() };
  const subgraph = defineSubgraph(deps, {
    name: 'reports',
    needs: ['gatewayUrl'],
    sdl: new URL('../../schema/reports.graphql', import.meta.url),
    migrations: new URL('./migrations', import.meta.url),
    data,
    auditTable: reportsAudit,
    auditCheckpoints: reportsAuditCheckpoints,
    loaders: reportsLoaders,
    resolvers,
    fieldPolicy: REPORTS_FIELD_POLICY,
    routes: documentRoutes(issuer, key, deps.secrets.internalSecret, base, replayGuardFor(limits), limits),
  });
  // The PDF reader's worker threads (verification of uploaded copies) end with the server: stop() runs after the
  // requests in flight are done, so no verification is cut short. Idle workers never hold a process open anyway.
  subgraph.server.addPlugin({
    async serverWillStart() {
      return { serverWillStop: () => pdfReader.close() };
    },
  });
  return subgraph;
}
