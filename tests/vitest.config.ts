import { defineProject } from "vitest/config";

// The publish test packs, installs from the registry with npm and drives the CLI: minutes, not
// seconds, on a loaded 2-core machine.
export default defineProject({
  test: {
    setupFiles: ["../scripts/test-usage/record-file.mjs"],
    name: "publish",
    include: ["**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
