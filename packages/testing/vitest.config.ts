import { fileURLToPath } from "node:url";
import { configDefaults, defineProject } from "vitest/config";
import { sharedTierExclude } from "../../scripts/test-tiers.mjs";

// Each check walks a whole history on a real database (PGlite start-up, server round trips).
export default defineProject({
  test: {
    setupFiles: ["../../scripts/test-usage/record-file.mjs"],
    exclude: [...configDefaults.exclude, ...sharedTierExclude(fileURLToPath(new URL(".", import.meta.url)))],
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
