import type { ApolloServer } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { GraphQLSchema } from 'graphql';
import type { Secrets, SubgraphName } from './config.js';
import type { Db } from './db.js';
import type { Principal } from './principal.js';
import { buildSubgraphServer, loadSubgraphSchema, type RequestScope } from './service.js';

/** Per-request context of every subgraph: who asks, the data module, and this request's loaders. */
export type SubgraphContext<Data, Loaders> = RequestScope & { data: Data; loaders: Loaders };

/** A built subgraph: schema and server, never listening (tests call executeOperation on it). */
export interface Subgraph<Data = unknown, Loaders = unknown> {
  name: SubgraphName;
  schema: GraphQLSchema;
  server: ApolloServer<SubgraphContext<Data, Loaders>>;
  data: Data;
  migrations: URL;
  createContext(scope: RequestScope): SubgraphContext<Data, Loaders>;
  healthCheck(): Promise<void>;
}

export interface SubgraphDeps {
  db: Db;
  secrets: Secrets;
}

export type SubgraphFactory = (deps: SubgraphDeps) => Subgraph<any, any>;

export function defineSubgraph<Data extends { ping(): Promise<void> }, Loaders>(spec: {
  name: SubgraphName;
  /** URL of schema/<name>.graphql, resolved by the caller relative to its own module. */
  sdl: URL;
  migrations: URL;
  data: Data;
  loaders(data: Data, principal: Principal): Loaders;
  resolvers: GraphQLResolverMap<SubgraphContext<Data, Loaders>>;
}): Subgraph<Data, Loaders> {
  const schema = loadSubgraphSchema(spec.sdl, spec.resolvers);
  return {
    name: spec.name,
    schema,
    server: buildSubgraphServer<SubgraphContext<Data, Loaders>>(schema),
    data: spec.data,
    migrations: spec.migrations,
    createContext: (scope) => ({ ...scope, data: spec.data, loaders: spec.loaders(spec.data, scope.principal) }),
    healthCheck: () => spec.data.ping(),
  };
}
