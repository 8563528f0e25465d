import { defineConfig } from 'drizzle-kit';

// Run from the project root (npm run migrations:generate).
export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/subjects/tables.ts',
  out: './subgraphs/subjects/migrations',
  schemaFilter: ['subjects'],
});
