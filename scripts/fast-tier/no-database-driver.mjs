// What `postgres`, `mysql2`, `better-sqlite3` and `@electric-sql/pglite` resolve to in the database-free tier
// (vitest.fast.config.ts): a test that loads a driver belongs in the full run, so say so.
throw new Error(
  "A test in the database-free tier (pnpm test:fast) loaded a database driver. Name the database in the test (scripts/test-tiers.mjs reads it) so it runs with the full suite only.",
);
