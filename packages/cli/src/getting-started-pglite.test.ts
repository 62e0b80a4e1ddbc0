import { test } from "vitest";
import { walkGettingStarted } from "./testing/getting-started-walk.js";
import { runTestingReadmeExample } from "./testing/testing-readme-example.js";

// docs/getting-started.md as written: embedded PGlite, the output the page shows; then step 7's
// @athanor/testing README example on the project the walk left.
test("the getting-started walk runs clean on PGlite, and so does the testing README's example", async () => {
  const project = await walkGettingStarted({
    dialect: "postgresql",
    env: {},
    description: "PGlite in .athanor/pglite",
    schema: (s) => s,
    compareOutput: true,
  });
  await runTestingReadmeExample(project);
}, 600_000);
