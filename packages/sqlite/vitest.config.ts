import { fileURLToPath } from "node:url";
import { configDefaults, defineProject } from "vitest/config";
import { sharedTierExclude } from "../../scripts/test-tiers.mjs";

// PGlite start-up and real database set-up can take seconds on a loaded 2-core machine.
export default defineProject({
  test: {
    setupFiles: ["../../scripts/test-usage/record-file.mjs"],
    exclude: [...configDefaults.exclude, ...sharedTierExclude(fileURLToPath(new URL(".", import.meta.url)))],
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
