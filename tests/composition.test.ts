import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../gateway/composition.js';
import { SUPERGRAPH_FILE } from '../gateway/supergraph.js';

describe('supergraph composition', () => {
  const result = composeSupergraph();

  it('composes the four subgraph schemas without errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.supergraphSdl).toContain('join__Graph');
  });

  it('matches the committed schema/supergraph.graphql (run `npm run compose` when this fails)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(result.supergraphSdl);
  });

  it('routes each subgraph by name, so deployments can override the URLs', () => {
    for (const name of ['SUBJECTS', 'RECORDS', 'REPAIRS', 'INCENTIVES'])
      expect(result.supergraphSdl).toMatch(new RegExp(`${name} @join__graph\\(name: "\\w+"`));
  });
});
