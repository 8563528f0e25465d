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

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  generates: Object.assign({}, ...SUBGRAPH_NAMES.map(subgraphTypes)),
};

export default config;
