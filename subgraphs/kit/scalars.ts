import { GraphQLScalarType, Kind, print } from 'graphql';
import { badInput } from './errors.js';
import { KIT_MESSAGES as M } from './kit-messages.js';
import { attachMessage } from './messages.js';
import { isCalendarDay } from './time.js';

export function isRealDate(value: string): boolean {
  return isCalendarDay(value);
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isRealDate(value))
    throw badInput('Date', M.DATE_INVALID({ value: JSON.stringify(value) ?? 'undefined' }));
  return value;
}

/** Calendar dates travel as YYYY-MM-DD: decision dates and deadlines have no time of day. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD (Asia/Shanghai).',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    const value = ast.kind === Kind.STRING ? ast.value : undefined;
    if (value !== undefined && isRealDate(value)) return value;
    // graphql-js reports a GraphQLError from parseLiteral as it is, without the literal's place; a plain error it
    // wraps with the literal's node, from which the refusal names the argument (kit/messages.ts).
    const message = M.DATE_INVALID({ value: value === undefined ? print(ast) : JSON.stringify(value) });
    const refusal = badInput('Date', message);
    throw attachMessage(Object.assign(new Error(refusal.message), { extensions: refusal.extensions }), message, 'Date: ');
  },
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw badInput('DateTime', M.DATE_TIME_INVALID({ value: JSON.stringify(value) ?? 'undefined' }));
    return date;
  },
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar };
