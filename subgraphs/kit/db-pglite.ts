import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Db, PgliteConnection } from './db.js';

/** The PGlite half of db.ts, in its own module so that only an embedded run loads PGlite. */
export async function openPgliteConnection(
  dataDir: string | undefined,
  image: Blob | undefined,
  shared: {
    loggerFor(subgraph: string, observer?: (subgraph: string, sql: string) => void): Logger;
    migrationConfig(subgraph: string, folder: URL): { migrationsFolder: string; migrationsSchema: string; migrationsTable: string };
  },
): Promise<PgliteConnection> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(image ? { loadDataDir: image } : {}) });
  const plain = drizzle({ client });
  return {
    kind: 'pglite',
    forSubgraph: (subgraph, observer) => drizzle({ client, logger: shared.loggerFor(subgraph, observer) }) as unknown as Db,
    migrate: (subgraph, folder) => migrate(plain, shared.migrationConfig(subgraph, folder)),
    dump: () => client.dumpDataDir('none'),
    close: () => client.close(),
  };
}
