import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// Every SQLite command loads the whole package (index.ts exports every part of it), so the build
// is one module file: each file more is one more for Node's loader to resolve, read and link at
// every start (docs/performance.md). An on-demand `import()` of a module index.ts also exports —
// or of one sharing code with it — splits the build into chunks again, which this test catches.
test("@athanor/sqlite loads as one module file", () => {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `await import(${JSON.stringify(`${dist}index.js`)});`],
    { encoding: "utf8", env: { ...process.env, NODE_DEBUG: "esm" } },
  );
  expect(run.status, run.stderr).toBe(0);
  const files = new Set(
    [...run.stderr.matchAll(/file:\/\/\/[^\s'"]+\.js/g)]
      .map(([url]) => fileURLToPath(url))
      .filter((path) => path.startsWith(dist)),
  );
  expect([...files]).toEqual([`${dist}index.js`]);
});
