import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The platform's Prometheus metrics (prom-client), one registry per process, every series labelled with the
 * service it belongs to: a process running the whole platform (npm start) answers the same series on every
 * /metrics, a service alone only its own. Names start with xt_ (信用太仓).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'xt_' });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const graphqlRequests = new Counter({
  name: 'xt_graphql_requests_total',
  help: 'GraphQL operations answered, by service, operation name and outcome (ok, or the first error code)',
  labelNames: ['service', 'operation', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const graphqlDuration = new Histogram({
  name: 'xt_graphql_request_duration_seconds',
  help: 'Time from receiving a GraphQL operation to its answer, by service and operation name',
  labelNames: ['service', 'operation'] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

export const subgraphFetchDuration = new Histogram({
  name: 'xt_subgraph_fetch_duration_seconds',
  help: "The gateway's fetches from a subgraph, by subgraph and outcome (ok, error, timeout)",
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

export const sqlStatements = new Counter({
  name: 'xt_sql_statements_total',
  help: 'SQL statements sent, by subgraph',
  labelNames: ['subgraph'] as const,
  registers: [metricsRegistry],
});

export const eventsApplied = new Counter({
  name: 'xt_events_applied_total',
  help: 'Events a consumer applied from a producer',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const consumerLag = new Gauge({
  name: 'xt_event_consumer_lag_seconds',
  help: 'How far a consumer is behind its producer: the age of the last event it applied while more were waiting, 0 once it has read all',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const consumerFailures = new Counter({
  name: 'xt_event_consumer_failures_total',
  help: 'Pages of events a consumer could not read or apply (retried)',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const auditEntriesWritten = new Counter({
  name: 'xt_audit_entries_written_total',
  help: 'Entries written to an audit trail, by subgraph',
  labelNames: ['subgraph'] as const,
  registers: [metricsRegistry],
});

export const rateLimitRefusals = new Counter({
  name: 'xt_rate_limit_refusals_total',
  help: 'Requests refused for frequency, by limit',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
});

export const intakeItems = new Counter({
  name: 'xt_intake_items_total',
  help: 'Reported items (归集报送) by kind and outcome (CREATED, DUPLICATE, CORRECTED, REJECTED)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Counts a call's items (records or licences) by outcome. */
export function countIntake(kind: 'record' | 'licence', results: readonly { outcome: string }[]): void {
  for (const { outcome } of results) intakeItems.inc({ kind, outcome });
}

/**
 * Operation names are the client's to choose: a label of each would let any caller grow the registry without
 * bound. Well-formed names are kept up to a fixed number of distinct ones; the rest count as `other`.
 */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const knownOperations = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'other';
  if (knownOperations.has(name)) return name;
  if (knownOperations.size >= MAX_OPERATION_NAMES) return 'other';
  knownOperations.add(name);
  return name;
}

/** The Prometheus text of every metric, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
