/**
 * `npm ci` (postinstall) and `npm run pglite:template`: builds the blank PGlite folder `npm start` copies into an
 * empty data folder instead of running initdb (platform/pglite-template.ts). Never fails the install.
 */
import { buildTemplate } from '../platform/pglite-template.js';

try {
  const started = performance.now();
  const path = await buildTemplate();
  console.log(`PGlite template ready (${((performance.now() - started) / 1000).toFixed(1)} s): ${path}`);
} catch (error) {
  console.warn(`PGlite template not built (npm start will run initdb instead): ${(error as Error).message}`);
}
