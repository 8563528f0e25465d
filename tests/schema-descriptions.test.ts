import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../gateway/composition.js';
import { apiSchema, apiSchemaSdl, undescribedElements } from '../gateway/contract.js';

/**
 * Issue 17, a documented contract: every type, field, argument, input field and enum value a client sees carries
 * a description. The walk is over the composed API schema (what the gateway serves), so an element described in
 * no subgraph is caught wherever it is declared. Excluded by rule (undescribedElements): the introspection types
 * and graphql's own scalars; federation's own (_Any, _Entity, _Service, link__*, join__*) are not in an API schema.
 */
describe('schema descriptions', () => {
  it('describes every element of the API schema', () => {
    const missing = undescribedElements(apiSchema(apiSchemaSdl(composeSupergraph())!));
    if (missing.length) console.error(`undescribed (${missing.length}):\n  ${missing.join('\n  ')}`);
    expect(missing).toEqual([]);
  });

  it('names each kind of undescribed element by its coordinate', () => {
    const schema = buildSchema(`
      "Described."
      type Query {
        "Described."
        described("Described." id: ID): String
        bare(id: ID, "Described." other: Int): Kind
        "Described."
        search("Described." filter: Filter): String
      }
      enum Kind {
        "Described."
        ONE
        TWO
      }
      input Filter {
        "Described."
        text: String
        bareInput: String
      }
      scalar Bare
      "Described."
      type Unused { "Described." f: Bare }
    `);
    expect(undescribedElements(schema).sort()).toEqual(
      ['Bare', 'Filter', 'Filter.bareInput', 'Kind', 'Kind.TWO', 'Query.bare', 'Query.bare(id:)'].sort(),
    );
  });

  it('takes a blank description for none', () => {
    expect(undescribedElements(buildSchema('"  " type Query { "x" a: Int }'))).toEqual(['Query']);
  });
});
