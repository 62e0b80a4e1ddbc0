import { fileURLToPath } from "node:url";
import { configDefaults, defineProject } from "vitest/config";
import { sharedTierExclude } from "../scripts/test-tiers.mjs";

// The publish test packs, installs from the registry with npm and drives the CLI: minutes, not
// seconds, on a loaded 2-core machine.
export default defineProject({
  test: {
    setupFiles: ["../scripts/test-usage/record-file.mjs"],
    name: "publish",
    exclude: [...configDefaults.exclude, ...sharedTierExclude(fileURLToPath(new URL(".", import.meta.url)))],
    include: ["**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
