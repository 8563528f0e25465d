/** Introspection in production: the schema for authenticated staff, refused to the public unless INTROSPECTION=public. */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTROSPECTION_REFUSED, loadIntrospectionAudience } from '../gateway/introspection.js';
import { ConfigError } from '../subgraphs/kit/config.js';
import type { RunningService } from '../subgraphs/kit/http.js';
import { AS, gatewayInFront, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

const ATTEMPTS = {
  'the full introspection query': getIntrospectionQuery(),
  'an alias': `{ s: __schema { queryType { name } } }`,
  'a named fragment': `query { ...F } fragment F on Query { __schema { types { name } } }`,
  'an inline fragment': `{ ... on Query { __type(name: "Subject") { fields { name } } } }`,
  '__type beside data': `{ exemplars(first: 1) { edges { cursor } } t: __type(name: "CreditRecord") { name } }`,
  'a nested fragment spread': `query { ...A } fragment A on Query { ...B } fragment B on Query { __schema { types { name } } }`,
};

describe('introspection in production', () => {
  let production: RunningService;
  let open: RunningService;
  beforeAll(async () => {
    production = await gatewayInFront(ctx.system, {}, { production: true, introspection: 'staff' });
    open = await gatewayInFront(ctx.system, {}, { production: true, introspection: 'public' });
  });
  afterAll(async () => {
    await production?.close();
    await open?.close();
  });

  it('refuses every form of it to an anonymous caller, with FORBIDDEN and no data', async () => {
    for (const [form, query] of Object.entries(ATTEMPTS)) {
      const { status, body } = await post(production.url, query);
      expect({ form, status, data: body.data, code: body.errors?.[0]?.extensions?.code }).toEqual({
        form,
        status: 403,
        data: undefined,
        code: 'FORBIDDEN',
      });
      expect(body.errors[0].message).toBe(INTROSPECTION_REFUSED.zh);
      expect(body.errors[0].extensions.reason).toBe('GATEWAY_INTROSPECTION_REFUSED');
      expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.ts/);
    }
  });

  it('refuses a subject signed in: it is no staff', async () => {
    const { status } = await post(production.url, ATTEMPTS['an alias'], {}, await ctx.asSubject(ctx.demo.personSubjectId));
    expect(status).toBe(403);
  });

  it('answers staff keys in full, and __typename to everyone', async () => {
    for (const staff of [AS.creditOffice, AS.marketRegulation, AS.bank, AS.analyst]) {
      const { status, body } = await post(production.url, getIntrospectionQuery(), {}, staff);
      expect(status).toBe(200);
      expect(body.data.__schema.types.some((type: { name: string }) => type.name === 'Subject')).toBe(true);
    }
    const { body } = await post(production.url, `{ __typename exemplars(first: 1) { edges { cursor } } }`);
    expect(body.data.__typename).toBe('Query');
  });

  it('prices the standard introspection query by what it is, and refuses introspection nested deeper', async () => {
    // Introspection lists are not priced at the assumed list size (that priced the standard query out); each
    // level of fields under fields multiplies the work by the schema's size, and graphql's rule refuses a fourth.
    const deeper = `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`;
    const { status, body } = await post(production.url, deeper, {}, AS.creditOffice);
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({
      message: 'Maximum introspection depth exceeded',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const viaFragment = `query { __type(name: "Subject") { ...T } } fragment T on __Type { fields { type { fields { type { fields { type { fields { name } } } } } } } }`;
    expect((await post(production.url, viaFragment, {}, AS.creditOffice)).body.errors[0].message).toBe(
      'Maximum introspection depth exceeded',
    );
  });

  it('answers everyone with INTROSPECTION=public, and everyone outside production', async () => {
    for (const url of [open.url, ctx.system.gateway.url]) {
      const { status, body } = await post(url, ATTEMPTS['a named fragment']);
      expect(status).toBe(200);
      expect(body.data.__schema.types.length).toBeGreaterThan(10);
    }
  });

  it('fails fast on a bad INTROSPECTION, naming what to set', () => {
    expect(loadIntrospectionAudience({})).toBe('staff');
    expect(loadIntrospectionAudience({ INTROSPECTION: 'public' })).toBe('public');
    expect(() => loadIntrospectionAudience({ INTROSPECTION: 'yes' })).toThrow(ConfigError);
    expect(() => loadIntrospectionAudience({ INTROSPECTION: 'yes' })).toThrow(/INTROSPECTION must be "staff".*or "public"/);
  });
});
