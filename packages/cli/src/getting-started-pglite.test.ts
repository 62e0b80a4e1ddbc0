import { test } from "vitest";
import { walkGettingStarted } from "./testing/getting-started-walk.js";

// docs/getting-started.md as written: embedded PGlite, the output the page shows.
test("the getting-started walk runs clean on PGlite", async () => {
  await walkGettingStarted({
    dialect: "postgresql",
    env: {},
    description: "PGlite in .athanor/pglite",
    schema: (s) => s,
    compareOutput: true,
  });
}, 600_000);
