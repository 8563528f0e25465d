import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  printSchema,
  type GraphQLSchema,
} from 'graphql';
import { composeSupergraph } from './composition.js';

/** The client-facing schema file (npm run compose writes it next to the supergraph; committed). */
export const API_SCHEMA_FILE = new URL('../schema/api.graphql', import.meta.url);

/**
 * The API schema as clients see it: the supergraph without federation's machinery (join__*, link__*, the
 * @inaccessible elements), printed by graphql-js. Undefined when composition fails.
 */
export function apiSchemaSdl(result = composeSupergraph()): string | undefined {
  if (!result.schema) return undefined;
  return printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
}

export function apiSchema(sdl: string): GraphQLSchema {
  return buildSchema(sdl);
}

const described = (description: string | null | undefined) => Boolean(description?.trim());

/**
 * Every type, field, argument, input field and enum value of the schema without a description, by coordinate
 * (Type, Type.field, Type.field(arg:), Input.field, Enum.VALUE). Excluded by rule: the introspection types
 * (__Schema, ...) and graphql's own scalars (String, Int, Float, Boolean, ID), which the language describes;
 * the API schema already holds none of federation's own (_Any, _Entity, _Service, link__*, join__*).
 */
export function undescribedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!described(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (!described(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (!described(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing;
}

/**
 * The deprecation rule (README, "Deprecation"): every @deprecated reason names its replacement ("use X") and
 * the date after which the element may go ("removed after YYYY-MM-DD"). Answers the elements that break it.
 */
export const DEPRECATION_REASON = /\buse [`"]?[\w.()]+[`"]?.*\bremoved after (\d{4}-\d{2}-\d{2})\b/i;

export function deprecationProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const check = (coordinate: string, reason: string | null | undefined) => {
    if (reason === undefined || reason === null) return;
    const match = DEPRECATION_REASON.exec(reason);
    if (!match || Number.isNaN(Date.parse(match[1]!))) problems.push(`${coordinate}: ${JSON.stringify(reason)}`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.deprecationReason);
        if ('args' in field) for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.deprecationReason);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return problems;
}
