import { defineConfig } from 'drizzle-kit';

// Run from the project root (npm run migrations:generate).
export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/records/tables.ts',
  out: './subgraphs/records/migrations',
  schemaFilter: ['records'],
});
