import { defineConfig } from 'drizzle-kit';

// Run from the project root (npm run migrations:generate).
export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/incentives/tables.ts',
  out: './subgraphs/incentives/migrations',
  schemaFilter: ['incentives'],
});
