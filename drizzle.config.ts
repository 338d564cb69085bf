import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
  dbCredentials: { url: process.env.PARLEY_DB_PATH ?? './data/parley.sqlite' },
  strict: true,
  verbose: true,
});
