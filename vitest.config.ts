import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM side by side without an exports map. Node resolves the
    // server's dependencies (Pothos, yoga) to its CommonJS `main`, so the tests must load that
    // too, or two copies of graphql meet ("from another module or realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Each file starts its own server on its own temporary database; two cores run two at a time.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
