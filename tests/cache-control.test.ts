import { describe, expect, it } from 'vitest';
import { AS, useSeededSystem } from './support/system.js';

// Issue 17: every response was `cache-control: no-store`, so the portal's public pages could not be cached. The
// promise kept here is narrower than "cache the public pages": an answer may be kept only when it is the same
// for everybody — no credentials, nothing personal, every field hinted — and is `no-store` otherwise.

const CATALOGUE = '{ recordCategories { code label kind article } }';
const DISCLOSURES = `{ publicDisclosures(first: 5) { edges { node { id category decisionDate subject { id name } reportingUnit { id name } } } } }`;

async function ask(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { cacheControl: response.headers.get('cache-control'), body: (await response.json()) as { data?: any; errors?: any[] } };
}

function cachePromises(ctx: ReturnType<typeof useSeededSystem>) {
  const url = () => ctx.system.gateway.url;

  it('the category catalogue, asked without credentials, may be kept an hour by anyone', async () => {
    const { cacheControl, body } = await ask(url(), CATALOGUE);
    expect(body.errors).toBeUndefined();
    expect(body.data.recordCategories.length).toBeGreaterThan(10);
    expect(cacheControl).toBe('max-age=3600, public');
  });

  it('public disclosures with the organisations they name (another subgraph) may be kept a minute', async () => {
    const { cacheControl, body } = await ask(url(), DISCLOSURES);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.publicDisclosures.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node: { subject: { name: string } | null }) => node.subject?.name)).toBe(true);
    expect(cacheControl).toBe('max-age=60, public');
  });

  it.each([
    ['the credit office', AS.creditOffice],
    ['an analyst', AS.analyst],
    ['a bank', AS.bank],
  ])('the same catalogue asked by %s is never kept: what staff see differs by role', async (_who, headers) => {
    const { cacheControl, body } = await ask(url(), CATALOGUE, headers);
    expect(body.errors).toBeUndefined();
    expect(cacheControl).toBe('no-store');
  });

  it('nor by a subject with its token', async () => {
    const { cacheControl } = await ask(url(), DISCLOSURES, await ctx.asSubject(ctx.demo.companyCode));
    expect(cacheControl).toBe('no-store');
  });

  it('one unhinted field makes the whole answer no-store: a cacheable field does not carry the rest', async () => {
    const { cacheControl, body } = await ask(url(), `{ recordCategories { code } subjects(first: 1) { totalCount } }`);
    expect(body.errors).toBeUndefined();
    expect(cacheControl).toBe('no-store');
  });

  it('the exemplars (persons who consented) are never kept: withdrawn consent must hide a person at once', async () => {
    const { cacheControl } = await ask(url(), '{ exemplars(first: 5) { edges { node { displayName since } } } }');
    expect(cacheControl).toBe('no-store');
  });

  it('an answer with an error is never kept', async () => {
    const { cacheControl, body } = await ask(
      url(),
      `{ recordCategories { code } publicDisclosures(first: 1000) { edges { node { id } } } }`,
    );
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(cacheControl).toBe('no-store');
  });

  it('a portal page can ask by GET (what a CDN keeps), with the preflight header CSRF prevention wants', async () => {
    const response = await fetch(`${url()}?query=${encodeURIComponent(CATALOGUE)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=3600, public');
  });
}

describe('cache-control: the gateway calling its subgraphs in process', () => {
  cachePromises(useSeededSystem());
});

describe('cache-control: the gateway calling its subgraphs over HTTP', () => {
  cachePromises(useSeededSystem({ freshSeed: true, env: { SUBGRAPH_CALLS: 'http' } }));
});
