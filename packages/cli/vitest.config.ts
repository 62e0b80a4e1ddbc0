import { defineProject } from "vitest/config";
import { projectTestOptions } from "../../scripts/test-tiers.mjs";

// PGlite start-up and real database set-up can take seconds on a loaded 2-core machine.
export default defineProject({
  test: {
    ...projectTestOptions(import.meta.url),
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
