/**
 * `npm run bench:startup`: what `npm start` does on an empty folder — migrate the five schemas on a fresh
 * on-disk PGlite, replay the demo set through the doors, let every consumer read the events, serve — timed to
 * ready, then stopped and the folder removed. Run it under farm-bench for medians (README, Performance).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSystem } from '../platform/system.js';

const folder = mkdtempSync(join(tmpdir(), 'credit-startup-'));
const started = performance.now();
const system = await startSystem({ pglite: folder, seed: true, anyPorts: true });
const readyMs = performance.now() - started;
const seeded = system.seeded!;
console.log(
  `ready in ${(readyMs / 1000).toFixed(1)} s on an empty PGlite folder: ${seeded.organisations} organisations, ${seeded.persons} persons, ` +
    `${seeded.records} records, ${seeded.repairApplications} repair applications, ${seeded.objections} objections; load average ${loadavg()[0]!.toFixed(2)}`,
);
await system.close();
rmSync(folder, { recursive: true, force: true });
