#!/usr/bin/env node
// Runs every test in the workspace (vitest projects) and ends with one plain summary line
// ("N passed, N failed") that CI and humans can read without knowing vitest's format.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "node_modules", ".cache");
const report = join(outDir, "vitest-report.json");
mkdirSync(outDir, { recursive: true });
rmSync(report, { force: true });

// The formatter and linter are part of the test run, so CI keeps the tree clean.
const biome = spawnSync(
  process.execPath,
  [join(root, "node_modules", "@biomejs", "biome", "bin", "biome"), "check", "."],
  {
    stdio: "inherit",
    cwd: root,
  },
);
if (biome.status !== 0)
  console.error("\nbiome check failed: run `pnpm format` / `npx biome check --write .`");

// So is the layering (core imports no dialect, no cycles, ...): .dependency-cruiser.cjs.
const layers = spawnSync(process.execPath, [join(root, "scripts", "check-layers.mjs")], {
  stdio: "inherit",
  cwd: root,
});

const vitest = spawnSync(
  process.execPath,
  [
    join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", cwd: root },
);

let summary = "no report written";
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  // A file that fails to load (import error, failing beforeAll) has no failed test of its own:
  // count it as one failure so the summary never reads "0 failed" on a red run.
  const brokenFiles = json.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed"),
  ).length;
  summary = `${json.numPassedTests} passed, ${json.numFailedTests + brokenFiles} failed`;
  if (json.numPendingTests || json.numTodoTests)
    summary += `, ${json.numPendingTests + json.numTodoTests} skipped`;
  // Where CI's time goes: the files to look at first when the run gets slower.
  const slowest = json.testResults
    .map((file) => ({ name: file.name.slice(root.length), seconds: (file.endTime - file.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 10);
  console.log("\nSlowest test files (wall seconds; files run side by side):");
  for (const file of slowest) console.log(`${file.seconds.toFixed(0).padStart(6)}  ${file.name}`);
} catch {}
console.log(`\nTests: ${summary}`);
process.exit(biome.status !== 0 || layers.status !== 0 ? 1 : (vitest.status ?? 1));
