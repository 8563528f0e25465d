import { readFileSync } from 'node:fs';
import { composeServices, type CompositionSuccess } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../subgraphs/registry.js';

export function subgraphSdlFile(name: string): URL {
  return new URL(`../schema/${name}.graphql`, import.meta.url);
}

/** The routing URLs written into the supergraph are the local defaults; deployments override them by name. */
export function composeSupergraph(): {
  supergraphSdl?: string;
  schema?: CompositionSuccess['schema'];
  errors: string[];
  hints: string[];
} {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`,
      typeDefs: parse(readFileSync(subgraphSdlFile(name), 'utf8')),
    })),
  );
  const hints = (result.hints ?? []).map((hint) => hint.toString());
  if (result.errors) return { errors: result.errors.map((error) => error.message), hints };
  return { supergraphSdl: result.supergraphSdl, schema: result.schema, errors: [], hints };
}
