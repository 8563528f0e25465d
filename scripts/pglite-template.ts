/**
 * `npm ci` (postinstall) and `npm run pglite:template`: builds the migrated PGlite template an empty data folder
 * starts as (platform/pglite-template.ts), for the installed PGlite and the migrations in the tree, and the
 * seeded demo template a first `npm start` copies (platform/seeded-template.ts) for today and this environment
 * (not with SEED=0). Never fails the install: without them the first `npm start` builds them.
 */
process.env.LOG_LEVEL ??= 'warn';
const { buildTemplate } = await import('../platform/pglite-template.js');
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

let started = performance.now();
try {
  const path = await buildTemplate();
  console.log(`PGlite template ready (${seconds(started)} s): ${path}`);
} catch (error) {
  console.warn(`PGlite template not built (the first npm start builds it): ${(error as Error).message}`);
}
if (process.env.SEED !== '0') {
  started = performance.now();
  try {
    const { buildSeededTemplate } = await import('../platform/system.js');
    const path = await buildSeededTemplate();
    console.log(`Seeded demo template ready (${seconds(started)} s): ${path}`);
  } catch (error) {
    console.warn(`Seeded demo template not built (the first npm start seeds it): ${(error as Error).message}`);
  }
}
