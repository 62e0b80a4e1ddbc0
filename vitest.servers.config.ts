import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { serverTierFiles } from "./scripts/test-tiers.mjs";

// CI's `npm test` (ATHANOR_TEST_SHARED_TIER=1) runs the packages' and apps' files outside
// packages/cli that no other shared project takes (servers, SQLite, D1, spawned processes;
// scripts/test-tiers.mjs's serverTierFiles) as this one project without per-file isolation: a
// worker's start and the packages' imports are paid once per worker, not once per file. No CLI
// file runs here (the CLI's next-step phrasing is process-wide: vitest.servers-cli.config.ts).
// `vitest run <file>` still runs each isolated in its package's project.
export default defineConfig({
  test: {
    name: "servers",
    include: serverTierFiles("library"),
    setupFiles: [fileURLToPath(new URL("scripts/test-usage/record-file.mjs", import.meta.url))],
    // the longest of their packages' limits (apps/example's rollout runs traffic for seconds a phase)
    testTimeout: 180_000,
    hookTimeout: 120_000,
    isolate: false,
  },
});
