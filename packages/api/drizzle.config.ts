import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the table definitions and committed; they are
// applied at start-up (and by `otg-hub migrate`), never pushed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
