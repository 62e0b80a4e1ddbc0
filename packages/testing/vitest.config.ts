import { defineProject } from "vitest/config";
import { projectTestOptions } from "../../scripts/test-tiers.mjs";

// Each check walks a whole history on a real database (PGlite start-up, server round trips).
export default defineProject({
  test: {
    ...projectTestOptions(import.meta.url),
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
