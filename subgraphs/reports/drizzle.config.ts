import { defineConfig } from 'drizzle-kit';

// Run from the project root (npm run migrations:generate).
export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/reports/tables.ts',
  out: './subgraphs/reports/migrations',
  schemaFilter: ['reports'],
});
