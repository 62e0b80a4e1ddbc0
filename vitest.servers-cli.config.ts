import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { serverTierFiles } from "./scripts/test-tiers.mjs";

// CI's `npm test` (ATHANOR_TEST_SHARED_TIER=1) runs packages/cli's files that no other shared
// project takes (servers, SQLite, spawned processes; scripts/test-tiers.mjs's serverTierFiles) as
// this one project without per-file isolation, as vitest.servers.config.ts does for the other
// packages: a worker's start and the CLI's imports are paid once per worker, not once per file.
// `vitest run <file>` still runs each isolated in the CLI's project.
export default defineConfig({
  test: {
    name: "servers-cli",
    include: serverTierFiles("cli"),
    setupFiles: [fileURLToPath(new URL("scripts/test-usage/record-file.mjs", import.meta.url))],
    // packages/cli's limits
    testTimeout: 60_000,
    hookTimeout: 120_000,
    isolate: false,
  },
});
