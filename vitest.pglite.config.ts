import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { pgliteTierFiles } from "./scripts/test-tiers.mjs";

// CI's `npm test` (scripts/test.mjs sets ATHANOR_TEST_SHARED_TIER=1) runs the `*pglite*` files (and
// the CLI files on an embedded PGlite: scripts/test-tiers.mjs's PGLITE_IN_PROCESS) as
// this one project of vitest.config.ts: a worker runs several of them in turn, so PGlite's
// WebAssembly start and tier-up and the packages' imports are paid once per worker, not once per
// file (docs/performance.md, "CI test time, sixteenth session"). `vitest run <file>` or
// `--project <pkg>` still runs each of them isolated in its package's project, so a file that
// leans on another's leftovers fails there.
export default defineConfig({
  test: {
    name: "pglite",
    include: pgliteTierFiles(),
    setupFiles: [fileURLToPath(new URL("scripts/test-usage/record-file.mjs", import.meta.url))],
    // the longest of their packages' limits (apps/example's rollout runs traffic for seconds a phase)
    testTimeout: 180_000,
    hookTimeout: 120_000,
    isolate: false,
  },
});
