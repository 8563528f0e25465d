import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build, as the Apollo packages require it; Vite would pick the
    // .mjs build and tests would run two graphql instances that reject each other's schema objects.
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Platforms are built once per run and copied (support/platform-image.ts); this removes the copies' source.
    globalSetup: ['tests/support/global-setup.ts'],
    // Each file starts a whole platform; two cores run them one after another more reliably than in parallel.
    fileParallelism: false,
    // Files run one after another in one worker that keeps its loaded modules (about 2 s a file otherwise).
    // Every file builds its own platform, database and clock, and restores any spy it sets, so nothing a file
    // leaves behind is read by the next; tests/support keeps no module-level state of its own.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
