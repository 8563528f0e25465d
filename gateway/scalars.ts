import { isScalarType, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { scalarResolvers } from '../subgraphs/kit/scalars.js';

/**
 * The supergraph the gateway builds knows Date and DateTime by name only and lets any string through, so
 * a bad date would first fail inside a subgraph, where the gateway can only call it an internal error.
 * Giving the gateway's schema the same parsing as the subgraphs' refuses it up front, naming the variable
 * or argument and the reason.
 */
export function bindScalars(schema: GraphQLSchema): void {
  for (const scalar of Object.values(scalarResolvers)) {
    const type = schema.getType(scalar.name);
    if (!isScalarType(type)) continue;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
}

const VARIABLE_ERROR = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)";|^Variable "\$(\w+)" got invalid value/;

/** A variable refused by a scalar names the scalar; the client needs the variable path it sent instead. */
export function nameVariableField(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const match = formatted.extensions?.code === ApolloServerErrorCode.BAD_USER_INPUT ? VARIABLE_ERROR.exec(formatted.message) : null;
  if (!match) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, field: match[2] ?? match[3] } };
}
