import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { databaseFreeTests, sharedTierFiles } from "./scripts/test-tiers.mjs";

// The database-free tier: `pnpm test:fast`, for the edit-test loop. CI's `npm test`
// (scripts/test.mjs) runs it too, as one project of vitest.config.ts beside the packages'.
const noDriver = fileURLToPath(new URL("scripts/fast-tier/no-database-driver.mjs", import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^(postgres|mysql2|better-sqlite3|@electric-sql\/pglite)(\/.*)?$/, replacement: noDriver },
    ],
  },
  test: {
    name: "fast",
    // as a project of the whole-suite run (scripts/test.mjs), tests/ stays in its own project
    include: process.env.ATHANOR_TEST_SHARED_TIER === "1" ? sharedTierFiles() : databaseFreeTests(),
    setupFiles: [
      fileURLToPath(new URL("scripts/fast-tier/no-sockets.mjs", import.meta.url)),
      fileURLToPath(new URL("scripts/test-usage/record-file.mjs", import.meta.url)),
    ],
    // the packages' projects' limits: a hook that builds sample projects takes >10 s under load
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files share each worker's module cache instead of importing the packages afresh: the tier
    // takes ~35 s instead of ~80 s. `vitest run` / `--project <pkg>` still runs each of these files
    // isolated in its package's project, so a test that leans on another's leftovers fails there.
    isolate: false,
  },
});
