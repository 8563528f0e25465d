import { existsSync, readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { SUBGRAPH_NAMES } from './subgraphs/registry.js';

/**
 * Resolver types from each subgraph's SDL (npm run codegen; typecheck runs it first): resolvers, their arguments
 * and the parents they receive are checked by the compiler against schema/<name>.graphql, with the subgraph's
 * context type (its context.ts) and, for the types its rows stand for, the row types it names in its own
 * subgraphs/<name>/codegen.json `mappers` (paths relative to the generated file). The output is gitignored.
 */
function subgraphTypes(name: string) {
  const own = `subgraphs/${name}/codegen.json`;
  const { mappers = {} } = existsSync(own) ? (JSON.parse(readFileSync(own, 'utf8')) as { mappers?: Record<string, string> }) : {};
  const context = `${name[0]!.toUpperCase()}${name.slice(1)}Context`;
  return {
    [`subgraphs/${name}/generated/graphql.ts`]: {
      schema: [`schema/${name}.graphql`, 'schema/codegen/federation.graphql'],
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: `../context.js#${context}`,
        mappers,
        // DateTime arrives parsed (kit/scalars.ts) and may be answered as a Date or an ISO string.
        scalars: { Date: 'string', DateTime: { input: 'Date', output: 'Date | string' } },
        resolverTypeWrapperSignature: 'Promise<T> | T',
      },
    },
  };
}

/**
 * Typed operations for a portal (issue 17): the example documents in portal/operations, checked against the
 * client-facing contract schema/api.graphql (npm run compose writes it), as TypedDocumentNode values whose result
 * and variables types follow the selection. Gitignored like the resolver types: typecheck regenerates it, so it
 * cannot go stale against the schema, and a document the schema no longer answers fails typecheck.
 */
const portalOperations = {
  'portal/generated/operations.ts': {
    schema: 'schema/api.graphql',
    documents: 'portal/operations/*.graphql',
    plugins: ['typescript-operations', 'typed-document-node'],
    config: {
      useTypeImports: true,
      enumsAsTypes: true,
      // Both arrive as JSON strings: YYYY-MM-DD and ISO 8601 with offset.
      scalars: { Date: 'string', DateTime: 'string' },
    },
  },
};

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  generates: Object.assign({}, ...SUBGRAPH_NAMES.map(subgraphTypes), portalOperations),
};

export default config;
