import { defineProject } from "vitest/config";
import { projectTestOptions } from "../scripts/test-tiers.mjs";

// The publish test packs, installs from the registry with npm and drives the CLI: minutes, not
// seconds, on a loaded 2-core machine.
export default defineProject({
  test: {
    name: "publish",
    ...projectTestOptions(import.meta.url),
    include: ["**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
