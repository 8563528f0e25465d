import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from './errors.js';
import { KIT_MESSAGES as M } from './kit-messages.js';
import type { Message } from './messages.js';

/**
 * Text that PostgreSQL cannot hold as sent: U+0000 (a text value cannot contain it) and UTF-16 surrogates
 * without their partner (UTF-8 has no encoding for them; the driver would write U+FFFD instead, silently).
 * Every other code point, noncharacters included, is stored and read back exactly.
 */
const UNHOLDABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` cannot be stored as sent (in the words a reporting unit reads), or null when it can. */
export function unholdableText(value: string): Message | null {
  const found = UNHOLDABLE.exec(value);
  if (!found) return null;
  const code = found[0].charCodeAt(0);
  return code === 0 ? M.TEXT_NUL() : M.TEXT_LONE_SURROGATE({ codePoint: hex(code) });
}

export interface TextProblem {
  field: string;
  reason: Message;
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Whether any string in `value` (lists and plain objects walked) cannot be stored as sent. */
function holdsUnholdable(value: unknown): boolean {
  if (typeof value === 'string') return UNHOLDABLE.test(value);
  if (Array.isArray(value)) return value.some(holdsUnholdable);
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && holdsUnholdable((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * Every string in `value` (lists and input objects walked, `field.sub`, `list[2]`) that cannot be stored
 * as sent, each with its path under `path`; at most `limit` of them.
 */
export function unholdableStrings(value: unknown, path: string, limit = Number.POSITIVE_INFINITY): TextProblem[] {
  // Nearly every value holds none: found without building a path per string (intake checks 1,000 items a batch).
  if (!holdsUnholdable(value)) return [];
  const problems: TextProblem[] = [];
  const walk = (current: unknown, at: string): void => {
    if (problems.length >= limit) return;
    if (typeof current === 'string') {
      const reason = unholdableText(current);
      if (reason) problems.push({ field: at, reason });
    } else if (Array.isArray(current)) current.forEach((element, i) => walk(element, `${at}[${i}]`));
    else if (current !== null && typeof current === 'object' && isPlainObject(current))
      for (const [key, inner] of Object.entries(current)) walk(inner, at ? `${at}.${key}` : key);
  };
  walk(value, path);
  return problems;
}

const CHECKS_TEXT_ITSELF = Symbol('checksTextItself');

/**
 * Marks a resolver that checks its arguments' text itself, per item (reportRecords answers each item,
 * so one bad item must not fail the batch): guardTextArguments leaves its field alone.
 */
export function checksTextItself<Args extends unknown[], Result>(resolve: (...args: Args) => Result): (...args: Args) => Result {
  return Object.assign(resolve, { [CHECKS_TEXT_ITSELF]: true });
}

const NEVER_TEXT = new Set(['Int', 'Float', 'Boolean']);

/** Whether a value of this input type can carry a string (enums and numbers cannot). */
function carriesText(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return !NEVER_TEXT.has(named.name);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => carriesText(field.type, seen));
}

/**
 * Wraps every field whose arguments can carry text, of every type: the first string that cannot be
 * stored as sent refuses the field with BAD_USER_INPUT naming the argument (`filter.nameContains`),
 * before the resolver (and its SQL) runs. Fields without such arguments are left as they are.
 */
export function guardTextArguments(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => carriesText(arg.type))) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      if ((resolve as { [CHECKS_TEXT_ITSELF]?: boolean })[CHECKS_TEXT_ITSELF]) continue;
      field.resolve = (parent, args, ctx, info) => {
        const [problem] = unholdableStrings(args, '', 1);
        if (problem) throw badInput(problem.field, problem.reason);
        return resolve(parent, args, ctx, info);
      };
    }
  }
}
