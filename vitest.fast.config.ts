import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { databaseFreeTests } from "./scripts/test-tiers.mjs";

// The database-free tier: `pnpm test:fast`. The same files also run in the full `npm test`
// (vitest.config.ts), which is what CI runs; this one is for the edit-test loop.
const noDriver = fileURLToPath(new URL("scripts/fast-tier/no-database-driver.mjs", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^(postgres|mysql2|better-sqlite3|@electric-sql\/pglite)(\/.*)?$/, replacement: noDriver },
    ],
  },
  test: {
    name: "fast",
    include: databaseFreeTests(),
    setupFiles: [fileURLToPath(new URL("scripts/fast-tier/no-sockets.mjs", import.meta.url))],
    testTimeout: 60_000,
    // Files share each worker's module cache instead of importing the packages afresh: the tier
    // takes ~35 s instead of ~80 s. The full suite (vitest.config.ts, what CI runs) keeps every
    // file isolated, so a test that leans on another's leftovers still fails there.
    isolate: false,
  },
});
