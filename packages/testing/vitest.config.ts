import { defineProject } from "vitest/config";

// Each check walks a whole history on a real database (PGlite start-up, server round trips).
export default defineProject({
  test: {
    setupFiles: ["../../scripts/test-usage/record-file.mjs"],
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
