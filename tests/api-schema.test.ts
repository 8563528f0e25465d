import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../gateway/composition.js';
import { API_SCHEMA_FILE, apiSchema, apiSchemaSdl, DEPRECATION_REASON, deprecationProblems } from '../gateway/contract.js';

describe('the client-facing API schema (schema/api.graphql)', () => {
  const result = composeSupergraph();
  const sdl = apiSchemaSdl(result);

  it('matches the committed schema/api.graphql (run `npm run compose` when this fails)', () => {
    expect(readFileSync(API_SCHEMA_FILE, 'utf8')).toBe(`${sdl}\n`);
  });

  it('holds none of federation\u2019s machinery', () => {
    expect(sdl).not.toMatch(/join__|link__|_Entity|_Any|@key|@shareable/);
    expect(sdl).toContain('type Query');
  });

  describe('deprecation rule (README, "Deprecation")', () => {
    it('every @deprecated of the API schema names its replacement and a removal date', () => {
      const schema = apiSchema(sdl!);
      expect(deprecationProblems(schema)).toEqual([]);
      // The rule is checked on what exists: TolerancePolicy.deferUntil is deprecated for deferral.until.
      expect(sdl).toMatch(/deferUntil: Date @deprecated\(reason: "Use deferral\.until/);
    });

    it('refuses a reason without a replacement or without a date', () => {
      const schema = buildSchema(`
        type Query {
          good: Int @deprecated(reason: "Use better; removed after 2027-06-01.")
          noDate: Int @deprecated(reason: "Use better instead.")
          noReplacement: Int @deprecated(reason: "Going away; removed after 2027-06-01.")
          bareDefault: Int @deprecated
          badDate: Int @deprecated(reason: "Use better; removed after 2027-13-45.")
          kept: Kind
        }
        enum Kind { OLD @deprecated(reason: "Going.") NEW }
        input Filter { old: Int @deprecated(reason: "Use new.") new: Int }
        type Mutation { m(filter: Filter, old: Int @deprecated(reason: "x")): Int }
      `);
      expect(deprecationProblems(schema).map((problem) => problem.split(':')[0])).toEqual([
        'Query.noDate',
        'Query.noReplacement',
        'Query.bareDefault',
        'Query.badDate',
        'Kind.OLD',
        'Filter.old',
        'Mutation.m(old',
      ]);
      expect(DEPRECATION_REASON.test('Use deferral.until: …; removed after 2027-06-01.')).toBe(true);
    });
  });
});
