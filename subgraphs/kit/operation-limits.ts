import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  GraphQLError,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  type GraphQLSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ConfigError, type Env } from './config.js';
import { KIT_MESSAGES } from './kit-messages.js';
import { attachMessage, DEFAULT_LOCALE, textOf, type Locale, type Message } from './messages.js';

/**
 * Limits an operation must keep before anything is planned or fetched (OWASP GraphQL cheat sheet;
 * Apollo Router's `limits`). Defaults are far above what the portal and member-unit apps ask.
 */
export interface OperationLimits {
  /** Nesting of fields, fragments followed. */
  depth: number;
  aliases: number;
  directives: number;
  /** Lexical tokens of the document (graphql-js stops parsing past it). */
  tokens: number;
  /** Fields at the root, however written (aliases, inline fragments, fragment spreads). */
  rootFields: number;
  /** Estimated cost: every field 1, times the size of each list it sits in. */
  cost: number;
  /** The size assumed for a list without `first`/`limit`: what an unpaged list of a subject holds, generously. */
  assumedListSize: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  depth: 12,
  aliases: 30,
  directives: 20,
  tokens: 5000,
  rootFields: 20,
  cost: 50_000,
  assumedListSize: 10,
};

const VARIABLES: Record<keyof OperationLimits, string> = {
  depth: 'LIMIT_DEPTH',
  aliases: 'LIMIT_ALIASES',
  directives: 'LIMIT_DIRECTIVES',
  tokens: 'LIMIT_TOKENS',
  rootFields: 'LIMIT_ROOT_FIELDS',
  cost: 'LIMIT_COST',
  assumedListSize: 'LIMIT_ASSUMED_LIST_SIZE',
};

export function loadOperationLimits(env: Env = process.env): OperationLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof OperationLimits, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${variable} must be a positive whole number, got "${raw}"`);
    limits[key] = value;
  }
  return limits;
}

/** Every limit's refusal: its own code, the limit and what was found, HTTP 400, in milliseconds. */
export const LIMIT_CODES = {
  depth: 'MAX_DEPTH_LIMIT',
  aliases: 'MAX_ALIASES_LIMIT',
  directives: 'MAX_DIRECTIVES_LIMIT',
  tokens: 'MAX_TOKENS_LIMIT',
  rootFields: 'MAX_ROOT_FIELDS_LIMIT',
  cost: 'COST_ESTIMATED_TOO_EXPENSIVE',
} as const;

/** Every limit's refusal in either language: the limit, its maximum and what this operation has. */
export function limitMessage(limit: keyof typeof LIMIT_CODES, max: number, found?: number): Message {
  return KIT_MESSAGES.OPERATION_LIMIT_EXCEEDED({ limit, max, found });
}

export function limitError(limit: keyof typeof LIMIT_CODES, max: number, found?: number): GraphQLError {
  const message = limitMessage(limit, max, found);
  const error = new GraphQLError(message.zh, {
    extensions: {
      code: LIMIT_CODES[limit],
      reason: message.code,
      limit,
      max,
      ...(found === undefined ? {} : { found }),
      http: { status: 400 },
    },
  });
  return attachMessage(error, message);
}

/**
 * A validation error keeps its limit in extensions.limit, but Apollo Server re-codes every validation
 * error as GRAPHQL_VALIDATION_FAILED: this gives it back its own code (logs read it too).
 */
export function limitCodeOf(extensions: Record<string, unknown> | undefined): string | undefined {
  const limit = extensions?.limit as keyof typeof LIMIT_CODES | undefined;
  if (limit && LIMIT_CODES[limit]) return LIMIT_CODES[limit];
  return undefined;
}

// graphql-js's own token limit answers with a parse error ("more that" in graphql 16, "more than" later).
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] (\d+) tokens/;

/**
 * graphql-js's token-limit parse error as the limit's own refusal, in `locale`: marked (limit, max, reason) where
 * the caller's language is known (operationLimitsPlugin's didEncounterErrors), so withLimitCode recodes it.
 */
function markTokenLimit(error: GraphQLError, locale: Locale): void {
  const tokens = TOKEN_LIMIT_MESSAGE.exec(error.message);
  if (!tokens || error.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return;
  const message = limitMessage('tokens', Number(tokens[1]));
  Object.assign(error.extensions, { limit: 'tokens', max: Number(tokens[1]), reason: message.code });
  (error as { message: string }).message = textOf(message, locale);
}

/** A refused operation as the client sees it, on the gateway and on every subgraph: the limit's own code. */
export function withLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = limitCodeOf(formatted.extensions);
  if (code) return { ...formatted, extensions: { ...formatted.extensions, code } };
  // Not marked (no plugin saw it): Chinese, the default.
  const tokens = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
  if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    const message = limitMessage('tokens', Number(tokens[1]));
    return {
      message: message.zh,
      extensions: { code: LIMIT_CODES.tokens, reason: message.code, limit: 'tokens', max: Number(tokens[1]) },
    };
  }
  return formatted;
}

const reportTo =
  (limit: keyof typeof LIMIT_CODES, max: number) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    const found = /found (\d+)/.exec(error.message);
    context?.reportError(limitError(limit, max, found ? Number(found[1]) : undefined));
  };

/** Depth, aliases and directives as validation rules (graphql-armor): refused before the operation is planned. */
export function limitValidationRules(limits: OperationLimits): ValidationRule[] {
  const armor = (limit: keyof typeof LIMIT_CODES, max: number) => ({
    n: max,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [reportTo(limit, max)],
  });
  return [
    maxDepthRule({ ...armor('depth', limits.depth), ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesRule(armor('aliases', limits.aliases)),
    maxDirectivesRule(armor('directives', limits.directives)),
  ];
}

/** Root fields of the operation, through inline fragments and fragment spreads: what it really asks for. */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const count = (set: SelectionSetNode, seen: Set<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += count(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        // Each spread is counted: a fragment spread twice asks its fields twice.
        if (fragment) total += count(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
    return total;
  };
  return count(operation.selectionSet, new Set());
}

const SIZE_ARGUMENTS = ['first', 'last', 'limit'];

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * Each field costs 1 plus its selection, multiplied by how many objects it can return: a paged field by
 * its `first`/`limit` (literal or variable), `_entities` by its representations, any other list by the
 * assumed size. A Connection's `edges` are already counted by the field that paged them. A mutation's
 * batch of input items is bounded by the subgraph that takes it (1,000 records), not priced here.
 */
function listAwareEstimator(assumedListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const own = 1 + childComplexity;
    const sizeArgument = SIZE_ARGUMENTS.map((name) => args[name]).find((value) => typeof value === 'number');
    if (typeof sizeArgument === 'number') return own * Math.max(1, sizeArgument);
    if (Array.isArray(args.representations)) return own * Math.max(1, args.representations.length);
    if (!isList(field.type)) return own;
    // The schema's own lists: priced at the assumed size, the standard introspection query (GraphiQL's,
    // codegen's) exceeded the cost limit. graphql's MaxIntrospectionDepthRule bounds their nesting instead.
    if (type.name.startsWith('__')) return own;
    if (type.name.endsWith('Connection') && field.name === 'edges') return own;
    return own * assumedListSize;
  };
}

/**
 * The variables as the cost estimate needs them: a list of input objects (a batch of records to report)
 * becomes an empty list. No estimator prices input items (listAwareEstimator), yet estimating coerced every
 * item of a 1,000-record batch once more than the gateway's and the subgraph's own checks do: measured 7.8 %
 * of the gateway's CPU during intake. An empty list is a valid value of every list type, so the estimate still
 * sees every field and every other argument (sizes, representations) exactly as sent; the items themselves are
 * still checked by execution before anything runs.
 */
export function costVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    const nullable = type && isNonNullType(type) ? type.ofType : type;
    if (!nullable || !isListType(nullable) || !isInputObjectType(getNamedType(nullable))) continue;
    if (!Array.isArray(variables[name]) || !(variables[name] as unknown[]).length) continue;
    out ??= { ...variables };
    out[name] = [];
  }
  return out ?? variables;
}

/** Cost and root fields, checked once the operation and its variables are known and before it is planned. */
export function operationLimitsPlugin<Ctx extends { locale?: Locale }>(limits: OperationLimits): ApolloServerPlugin<Ctx> {
  const estimators = [listAwareEstimator(limits.assumedListSize)];
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) markTokenLimit(error as GraphQLError, contextValue.locale ?? DEFAULT_LOCALE);
        },
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return;
          const roots = rootFieldCount(document, operation);
          if (roots > limits.rootFields) throw limitError('rootFields', limits.rootFields, roots);
          const cost = getComplexity({
            schema,
            query: document,
            variables: costVariables(schema, operation, request.variables ?? {}),
            operationName: request.operationName ?? undefined,
            estimators,
          });
          if (cost > limits.cost) throw limitError('cost', limits.cost, Math.round(cost));
        },
      };
    },
  };
}

/** Limits for a subgraph behind the gateway (or another router): its query plans nest and batch more than a client's operation. */
export function subgraphLimits(limits: OperationLimits): OperationLimits {
  return {
    ...limits,
    depth: limits.depth + 8,
    aliases: Math.max(limits.aliases, 200),
    rootFields: Math.max(limits.rootFields, 50),
    cost: limits.cost * 20,
    tokens: limits.tokens * 20,
  };
}
