import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { pgliteLibraryTierFiles } from "./scripts/test-tiers.mjs";

// CI's `npm test` (ATHANOR_TEST_SHARED_TIER=1) runs the library tests that start PGlite in-process
// (scripts/test-tiers.mjs's PGLITE_LIBRARY) as this one project without per-file isolation, as
// vitest.pglite.config.ts does for the `*pglite*` files: PGlite's WebAssembly start and the
// imports are paid once per worker. Apart from that project: its CLI files set core's next-step
// phrasing for the whole process, and these files assert the library's. `vitest run <file>` still
// runs each isolated in its package's project.
export default defineConfig({
  test: {
    name: "pglite-library",
    include: pgliteLibraryTierFiles(),
    setupFiles: [fileURLToPath(new URL("scripts/test-usage/record-file.mjs", import.meta.url))],
    // the longest of their packages' limits (the testing package's checks walk whole histories)
    testTimeout: 120_000,
    hookTimeout: 120_000,
    isolate: false,
  },
});
