import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import { AuditCollector, createAuditLog, type AuditLog } from './audit.js';
import type { AuditCheckpointTable, AuditTable } from './audit-hash.js';
import { auditTrailPolicy, auditTrailResolvers } from './audit-trail.js';
import type { Env, Secrets } from './config.js';
import type { Db } from './db.js';
import { createConsumer, type Consumer, type CursorTable, type FeedEvent, type FeedPosition, type Tx } from './events.js';
import { applyFieldPolicy, type FieldPolicy } from './field-policy.js';
import type { LimitStore } from './rate-limit.js';
import { loadOperationLimits, subgraphLimits } from './operation-limits.js';
import type { Principal } from './principal.js';
import { buildSubgraphServer, loadSubgraphSchema, type RequestScope, type SubgraphResolvers } from './service.js';
import { guardTextArguments } from './text-guard.js';
import type { Checks } from './readiness.js';

/** What loaders need to filter rows and note what the request touched. */
export interface LoaderScope {
  principal: Principal;
  audit: AuditCollector;
}

/** Per-request context of every subgraph: who asks, the data module, this request's loaders and audit notes. */
export type SubgraphContext<Data, Loaders> = RequestScope & { data: Data; loaders: Loaders; audit: AuditCollector };

/** A built subgraph: schema and server, never listening (tests call executeOperation on it). */
export interface Subgraph<Data = unknown, Loaders = unknown> {
  name: string;
  schema: GraphQLSchema;
  server: ApolloServer<SubgraphContext<Data, Loaders>>;
  data: Data;
  audit: AuditLog;
  fieldPolicy: FieldPolicy<any>;
  migrations: URL;
  createContext(scope: RequestScope): SubgraphContext<Data, Loaders>;
  healthCheck(): Promise<void>;
  /** Runs once after migrations, before serving (e.g. default data). */
  prepare(): Promise<void>;
  /** The subgraph's event log, if it publishes one. */
  feed?: (after: FeedPosition | null, limit: number) => Promise<FeedEvent[]>;
  /** Event logs of other subgraphs this one applies, with its cursor table. */
  consumes: Consumption[];
  /** HTTP routes besides /graphql (documents), mounted before it. */
  routes?: (app: Express) => void;
  /** Work that time makes due (e.g. consequences lifted when records expire); run at start and hourly. */
  housekeeping?: () => Promise<unknown>;
  /** What /health and /ready add about the subgraph's own state (e.g. repairs' working-day calendar and its warning). */
  status?: () => Record<string, unknown>;
  /** What /ready checks of the subgraph's own besides its database and event lag (repairs: the calendar). */
  checks?: Checks;
  /** What a runner must give it besides a database: `gatewayUrl` for a subgraph that composes federated queries. */
  needs: SubgraphNeed[];
}

export type SubgraphNeed = 'gatewayUrl';

export interface Consumption {
  producer: string;
  cursors: CursorTable;
  apply(tx: Tx, event: FeedEvent): Promise<void>;
  applyBatch?(tx: Tx, events: FeedEvent[]): Promise<void>;
}

/** A consumer applying one of a subgraph's consumptions, from the producer's /events URL or in process. */
export function consumerOf(
  consumer: string,
  consumption: Consumption,
  from: { db: Db; internalSecret: string; feedUrl?: string; source?: (after: FeedPosition | null, limit: number) => Promise<FeedEvent[]> },
): Consumer {
  const { producer, cursors, apply, applyBatch } = consumption;
  return createConsumer({ producer, consumer, cursors, apply, applyBatch, ...from });
}

export interface SubgraphDeps {
  db: Db;
  secrets: Secrets;
  /** The process environment, for a subgraph's own settings (read and checked when it is built). */
  env?: Env;
  /** The gateway's /graphql URL, known once it listens: for a subgraph that composes federated queries. */
  gatewayUrl?: () => string;
  /** Where rate limits count (Redis when REDIS_URL is set); in memory when absent. */
  limits?: LimitStore;
}

export type SubgraphFactory = (deps: SubgraphDeps) => Subgraph<any, any>;

export function defineSubgraph<Data extends { ping(): Promise<void> }, Loaders>(
  deps: SubgraphDeps,
  spec: {
    name: string;
    /** URL of schema/<name>.graphql, resolved by the caller relative to its own module. */
    sdl: URL;
    migrations: URL;
    data: Data;
    auditTable: AuditTable;
    auditCheckpoints: AuditCheckpointTable;
    loaders(data: Data, scope: LoaderScope): Loaders;
    resolvers: SubgraphResolvers;
    /** Every field of the subgraph's types but the audit trail's, which the kit adds. */
    fieldPolicy: FieldPolicy<SubgraphContext<Data, Loaders>>;
    prepare?: () => Promise<void>;
    feed?: Subgraph['feed'];
    consumes?: Consumption[];
    /** HTTP routes besides /graphql, given the subgraph's audit trail for what they serve. */
    routes?: (app: Express, audit: AuditLog) => void;
    housekeeping?: Subgraph['housekeeping'];
    status?: Subgraph['status'];
    checks?: Checks;
    needs?: SubgraphNeed[];
  },
): Subgraph<Data, Loaders> {
  const audit = createAuditLog(deps.db, { log: spec.auditTable, checkpoints: spec.auditCheckpoints }, deps.secrets.auditChainKey, {
    env: deps.env,
  });
  const resolvers: SubgraphResolvers = { ...spec.resolvers, ...auditTrailResolvers(spec.name, audit) };
  const schema = loadSubgraphSchema(spec.sdl, resolvers);
  const fieldPolicy = { ...spec.fieldPolicy, ...auditTrailPolicy(spec.name) } as FieldPolicy<any>;
  // Text PostgreSQL cannot hold is refused by name before any resolver runs (resolvers marked checksTextItself answer per item).
  guardTextArguments(schema);
  applyFieldPolicy(schema, fieldPolicy);
  return {
    name: spec.name,
    schema,
    server: buildSubgraphServer<SubgraphContext<Data, Loaders>>(
      spec.name,
      schema,
      audit,
      subgraphLimits(loadOperationLimits(deps.env ?? {})),
    ),
    data: spec.data,
    audit,
    fieldPolicy,
    migrations: spec.migrations,
    createContext: (scope) => {
      const collector = new AuditCollector(scope.principal, scope.requestId, scope.operation);
      return {
        ...scope,
        data: spec.data,
        audit: collector,
        loaders: spec.loaders(spec.data, { principal: scope.principal, audit: collector }),
      };
    },
    healthCheck: () => spec.data.ping(),
    prepare: spec.prepare ?? (async () => {}),
    feed: spec.feed,
    consumes: spec.consumes ?? [],
    routes: spec.routes ? (app) => spec.routes!(app, audit) : undefined,
    housekeeping: spec.housekeeping,
    status: spec.status,
    checks: spec.checks,
    needs: spec.needs ?? [],
  };
}
