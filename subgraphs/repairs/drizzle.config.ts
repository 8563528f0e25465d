import { defineConfig } from 'drizzle-kit';

// Run from the project root (npm run migrations:generate).
export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/repairs/tables.ts',
  out: './subgraphs/repairs/migrations',
  schemaFilter: ['repairs'],
});
