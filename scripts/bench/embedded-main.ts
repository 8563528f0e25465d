/**
 * The whole platform in one process (platform/system.ts startSystem), as a child of bench:compare on its
 * database. With `--seed` it migrates and seeds the demo set through the doors, says so and exits; without,
 * it serves (consumers and housekeeping running, as `npm start` does) and sends its gateway's URL.
 */
import { startSystem } from '../../platform/system.js';

const seedOnly = process.argv.includes('--seed');
const system = await startSystem({ env: process.env, seed: seedOnly, anyPorts: true });
if (seedOnly) {
  const seeded = system.seeded;
  await system.close();
  process.send!({ seeded: seeded ? { records: seeded.records, organisations: seeded.organisations, persons: seeded.persons } : null });
  process.disconnect();
} else {
  process.send!({ url: system.gateway.url, origin: system.gateway.origin });
  const stop = async () => {
    await system.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
