import { defineProject } from "vitest/config";

// PGlite start-up and real database set-up can take seconds on a loaded 2-core machine.
export default defineProject({
  test: {
    setupFiles: ["../../scripts/test-usage/record-file.mjs"],
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
