/**
 * The portal's example operations (portal/operations/*.graphql, typed by `npm run codegen` into the gitignored
 * portal/generated/operations.ts) hold to the client-facing contract schema/api.graphql, and the public ones
 * answer what their generated types say when run anonymously at the gateway.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, isEnumType, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_FILE } from '../gateway/contract.js';
// Types only: erased at run time, so the test runs before codegen too (typecheck regenerates and checks them).
import type {
  ApplicationProgressQuery,
  PublicDisclosuresQuery,
  PublicDisclosuresQueryVariables,
  RecordCategoriesQuery,
} from '../portal/generated/operations.js';
import { AS, post, useSeededSystem } from './support/system.js';

const FOLDER = new URL('../portal/operations/', import.meta.url);
const files = readdirSync(FOLDER).filter((name) => name.endsWith('.graphql'));
const documents = Object.fromEntries(files.map((name) => [name, parse(readFileSync(new URL(name, FOLDER), 'utf8'))]));
const schema = buildSchema(readFileSync(API_SCHEMA_FILE, 'utf8'));

/** The text of one named operation, as a portal would send it. */
function operation(name: string): string {
  for (const [file, document] of Object.entries(documents)) {
    const found = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.name?.value === name,
    );
    if (found) return readFileSync(new URL(file, FOLDER), 'utf8').slice(found.loc!.start, found.loc!.end);
  }
  throw new Error(`no operation ${name} in portal/operations`);
}

describe('portal operations against schema/api.graphql', () => {
  it('has the example documents', () => {
    expect(files.sort()).toEqual(['catalogue.graphql', 'public-disclosures.graphql', 'repair.graphql', 'reports.graphql']);
  });

  it.each(files)('%s validates against the API schema', (file) => {
    expect(validate(schema, documents[file]!).map((error) => error.message)).toEqual([]);
  });

  it('names every operation, each name once', () => {
    const names = Object.values(documents).flatMap((document) =>
      document.definitions.map((d) => (d.kind === 'OperationDefinition' ? (d.name?.value ?? '(anonymous)') : d.kind)),
    );
    expect(names).not.toContain('(anonymous)');
    expect(new Set(names).size).toBe(names.length);
  });

  it('catches a document the schema does not answer', () => {
    const stale = parse('query Old { publicDisclosures { edges { node { facts2 } } } recordCategories(first: 1) { code } }');
    expect(validate(schema, stale).map((error) => error.message)).toEqual([
      'Cannot query field "facts2" on type "CreditRecord". Did you mean "facts"?',
      'Unknown argument "first" on field "Query.recordCategories".',
    ]);
  });
});

describe('the public operations at the gateway, anonymously', () => {
  const ctx = useSeededSystem();

  it('RecordCategories: the notice’s catalogue, each category with its article', async () => {
    const { body } = await post<RecordCategoriesQuery>(ctx.system.gateway.url, operation('RecordCategories'), {}, AS.public);
    expect(body.errors).toBeUndefined();
    const categories = body.data!.recordCategories;
    const enumType = schema.getType('RecordCategory');
    if (!isEnumType(enumType)) throw new Error('RecordCategory is not an enum of the API schema');
    const codes = enumType.getValues().map((value) => value.name);
    expect(categories.map((category) => category.code).sort()).toEqual(codes.sort());
    for (const category of categories) expect(category.article).toBeGreaterThanOrEqual(1);
    expect(categories.find((category) => category.code === 'PRICE_GOUGING')).toMatchObject({ label: '哄抬物价', article: 2 });
  });

  it('PublicDisclosures: organisations’ records public today, newest first', async () => {
    const variables: PublicDisclosuresQueryVariables = { first: 5 };
    const { body } = await post<PublicDisclosuresQuery>(ctx.system.gateway.url, operation('PublicDisclosures'), variables, AS.public);
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.publicDisclosures.edges.map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.subject?.creditCode).toMatch(/^[0-9A-Z]{18}$/);
    const dates = nodes.map((node) => node.decisionDate);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('ApplicationProgress: a number with the wrong code answers null', async () => {
    const { body } = await post<ApplicationProgressQuery>(
      ctx.system.gateway.url,
      operation('ApplicationProgress'),
      { number: 'XF20260101ABCDEFGHJK', code: 'WRONG1' },
      AS.public,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.applicationProgress).toBeNull();
  });
});
