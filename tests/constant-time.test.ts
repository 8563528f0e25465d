import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sameBytes, sameText } from '../subgraphs/kit/constant-time.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('comparing secrets (kit/constant-time.ts)', () => {
  it('says equal only for the same bytes, and unequal — never a RangeError — for another length', () => {
    expect(sameBytes(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(sameBytes(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(sameBytes(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(sameBytes(Buffer.alloc(0), Buffer.from('x'))).toBe(false);
    // A query code's stored hash cut short by a bad write: refused, not a 500.
    expect(sameBytes(Buffer.from('00'.repeat(32), 'hex'), Buffer.from('00'.repeat(31), 'hex'))).toBe(false);
    expect(sameText('Bearer tok', 'Bearer tok')).toBe(true);
    expect(sameText('Bearer tök', 'Bearer tok')).toBe(false);
  });

  it('is the one place that calls timingSafeEqual: no inline copy forgets the length check', () => {
    const users = ['subgraphs', 'gateway', 'platform', 'scripts']
      .flatMap((folder) =>
        readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.parentPath.includes('node_modules'))
          .map((entry) => join(entry.parentPath, entry.name)),
      )
      .filter((file) => readFileSync(file, 'utf8').includes('timingSafeEqual('))
      .map((file) => relative(ROOT, file));
    expect(users).toEqual(['subgraphs/kit/constant-time.ts']);
  });
});
