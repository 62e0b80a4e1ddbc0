import { defineProject } from "vitest/config";
import { projectTestOptions } from "../../scripts/test-tiers.mjs";

// A rollout runs traffic for several seconds per phase; PGlite start-up and database set-up can
// take seconds on a loaded 2-core machine.
export default defineProject({
  test: {
    ...projectTestOptions(import.meta.url),
    include: ["src/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
