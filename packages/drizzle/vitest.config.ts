import { defineProject } from "vitest/config";
import { projectTestOptions } from "../../scripts/test-tiers.mjs";

// Real databases (PostgreSQL server, MariaDB, PGlite start-up) can take seconds on a loaded machine.
export default defineProject({
  test: {
    ...projectTestOptions(import.meta.url),
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
