import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_NODE_FLAGS } from '../platform/node-flags.js';

// Issue 16: the one-process platform runs with a larger young generation (platform/node-flags.ts). A flag
// dropped from a start script, or one V8 stops honouring, would lose it silently: these fail instead.

const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** The node flags a script passes before its entry (and before --import, whose value is no flag of ours). */
function nodeFlagsOf(script: string): string[] {
  // Environment assignments first (LOG_LEVEL=silent node …), then node.
  const words = script.split(/\s+/).filter((word, i, all) => !all.slice(0, i + 1).every((w) => /^[A-Z_]+=/.test(w)));
  expect(words[0], script).toBe('node');
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (word === '--import' || !word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

const newSpaceMiB = (flags: readonly string[]) =>
  Number(
    execFileSync(
      process.execPath,
      [
        ...flags,
        '-e',
        // New space starts small and grows, up to its limit, while objects survive scavenges: keep three million.
        'const kept=[];for(let i=0;i<3e6;i++)kept.push({i});const s=require("v8").getHeapSpaceStatistics().find((s)=>s.space_name==="new_space");console.log(s.space_size/2**20)',
      ],
      { encoding: 'utf8' },
    ),
  );

describe('the embedded platform’s Node.js flags', () => {
  it('are what npm start, npm run start:prod and npm run bench and bench:intake (the platform measured in process) pass, every one of them', () => {
    for (const name of ['start', 'start:prod', 'bench', 'bench:intake'])
      expect(nodeFlagsOf(scripts[name]!), name).toEqual(EMBEDDED_NODE_FLAGS);
  });

  it('give the young generation its 32 MiB semi-spaces, where the default has less', () => {
    const semiSpace = Number(/--max-semi-space-size=(\d+)/.exec(EMBEDDED_NODE_FLAGS.join(' '))?.[1]);
    expect(semiSpace).toBe(32);
    // V8's new space, grown to its limit, is two semi-spaces.
    expect(newSpaceMiB(EMBEDDED_NODE_FLAGS)).toBe(2 * semiSpace);
    expect(newSpaceMiB([])).toBeLessThan(2 * semiSpace);
  });
});
