import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.js';
import { KIT_MESSAGES as M } from './kit-messages.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
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
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
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
