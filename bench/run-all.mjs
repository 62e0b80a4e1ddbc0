#!/usr/bin/env node
// Runs every benchmark in this folder, one after the other. Add a line per new benchmark.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches = ["graph.mjs", "apply-postgres.mjs", "backfill-postgres.mjs"];
let failed = false;
for (const bench of benches) {
  console.log(`\n## ${bench}\n`);
  const run = spawnSync(process.execPath, [fileURLToPath(new URL(bench, import.meta.url))], {
    stdio: "inherit",
  });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
