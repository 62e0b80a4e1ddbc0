import { defineProject } from "vitest/config";

// Real databases (PostgreSQL server, MariaDB, PGlite start-up) can take seconds on a loaded machine.
export default defineProject({
  test: {
    setupFiles: ["../../scripts/test-usage/record-file.mjs"],
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
