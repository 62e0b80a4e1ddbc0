import { fileURLToPath } from "node:url";
import { configDefaults, defineProject } from "vitest/config";
import { sharedTierExclude } from "../../scripts/test-tiers.mjs";

// Real databases (PostgreSQL server, MariaDB, PGlite start-up) can take seconds on a loaded machine.
export default defineProject({
  test: {
    setupFiles: ["../../scripts/test-usage/record-file.mjs"],
    exclude: [...configDefaults.exclude, ...sharedTierExclude(fileURLToPath(new URL(".", import.meta.url)))],
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
