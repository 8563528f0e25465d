import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { imageDatabasePrefix, imageFolder } from './image-names.js';

/** One run id for the platform images this test run builds (support/platform-image.ts); they are removed at its end. */
export default function setup(project: TestProject) {
  const run = randomBytes(4).toString('hex');
  project.provide('platformImageRun', run);
  return async () => {
    rmSync(imageFolder(run), { recursive: true, force: true });
    if (!process.env.DATABASE_URL) return;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const images = await admin<
        { datname: string }[]
      >`select datname from pg_database where datname like ${`${imageDatabasePrefix(run)}%`}`;
      for (const { datname } of images) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
}
