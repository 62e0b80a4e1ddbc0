#!/usr/bin/env node
// Runs every test in the workspace (vitest projects) and ends with one plain summary line
// ("N passed, N failed") that CI and humans can read without knowing vitest's format.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  fileRows,
  formatTable,
  load,
  reapedCpu,
  serverCpu,
  summary as usageSummary,
} from "./test-usage/report.mjs";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "node_modules", ".cache");
const report = join(outDir, "vitest-report.json");
// Per test file CPU (scripts/test-usage/record-file.mjs appends here) and the table built from it.
const usageFile = join(outDir, "test-usage.jsonl");
const usageTable = join(outDir, "test-files.tsv");
mkdirSync(outDir, { recursive: true });
rmSync(report, { force: true });
rmSync(usageFile, { force: true });

// The formatter and linter (biome) and the layering (core imports no dialect, no cycles, ...:
// .dependency-cruiser.cjs) are part of the test run, so CI keeps the tree clean. They read the
// sources only, so they run beside the build and the tests instead of before them (~25 s of wall
// on CI's machine, one core mostly idle meanwhile); their output is printed after the tests.
const biome = background("biome check", [
  join(root, "node_modules", "@biomejs", "biome", "bin", "biome"),
  "check",
  ".",
]);
const layers = background("the layering check (lint:deps)", [join(root, "scripts", "check-layers.mjs")]);

// The packages whose built dist/ test files spawn (buildCli, buildBin, buildPackage), built once
// here: each of those helpers runs scripts/build-package.mjs, which returns at once while its
// stamp is fresh, but on a fresh clone there is no stamp yet and the first files to start (two or
// three at once) each ran the same ~26 s of CPU of tsc -b and bundles into the same dist/.
const builds = ["packages/cli", "packages/postgres"].map(
  (pkg) =>
    spawnSync(process.execPath, [join(root, "scripts", "build-package.mjs"), join(root, pkg)], {
      stdio: "inherit",
      cwd: root,
    }).status,
);
if (builds.some((status) => status !== 0)) console.error("\nthe build before the tests failed (see above)");

// One seed for the whole run, printed first and last: every seeded slice and trial (CI samples,
// `ciSample` of @athanor/core/testing; crash and boundary trials) takes it, so
// `ATHANOR_RELIABILITY_SEED=<seed> npm test` replays this run's slices.
const seed = process.env.ATHANOR_RELIABILITY_SEED || String(Date.now() % 2 ** 31);
console.log(`\nSeeded slices and trials: ATHANOR_RELIABILITY_SEED=${seed}`);

const loadStart = load();
const serverStart = serverCpu();
const vitestStart = Date.now();
// (biome and the layering check are reaped after the tests: never counted in "vitest in all")
const reapedStart = reapedCpu();
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
  {
    stdio: "inherit",
    cwd: root,
    env: {
      ...process.env,
      ATHANOR_TEST_USAGE_FILE: usageFile,
      ATHANOR_TEST_SHARED_TIER: "1",
      ATHANOR_RELIABILITY_SEED: seed,
    },
  },
);
const vitestWall = (Date.now() - vitestStart) / 1000;
const serverEnd = serverCpu();
const reapedEnd = reapedCpu();

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
  const rows = fileRows(json, usageFile, root).sort((a, b) => (b.cpu ?? 0) - (a.cpu ?? 0));
  writeFileSync(usageTable, formatTable(rows));
  console.log(
    usageSummary(rows, {
      wall: vitestWall,
      total: reapedStart === undefined || reapedEnd === undefined ? undefined : reapedEnd - reapedStart,
      server: serverStart === undefined || serverEnd === undefined ? undefined : serverEnd - serverStart,
      loadStart,
      loadEnd: load(),
    }),
  );
  console.log(`Every file: ${usageTable.slice(root.length)}`);
} catch {}
const checks = [await biome, await layers];
for (const check of checks) process.stdout.write(check.output);
if (checks[0].status !== 0)
  console.error("\nbiome check failed: run `pnpm format` / `npx biome check --write .`");
if (checks[1].status !== 0) console.error("\nthe layering check failed (see above)");
console.log(`\nTests: ${summary} (replay the seeded slices with ATHANOR_RELIABILITY_SEED=${seed})`);
process.exit(
  checks.some((check) => check.status !== 0) || builds.some((status) => status !== 0)
    ? 1
    : (vitest.status ?? 1),
);

/** Starts `node <args>` in the background; resolves with its exit status and what it printed. */
function background(label, args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => done({ status: 1, output: `${label} did not start: ${error.message}\n` }));
    child.on("close", (status) => done({ status: status ?? 1, output }));
  });
}
