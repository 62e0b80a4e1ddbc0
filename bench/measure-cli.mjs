// One measured run of the built CLI: wall time, and the CPU time and peak RSS the process
// reports about itself on exit (report-usage.mjs, preloaded), so benchmarks on a loaded machine
// can compare CPU time. Shared by growth.mjs and sql-offline.mjs.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../packages/cli/bin.js", import.meta.url));
const preload = fileURLToPath(new URL("report-usage.mjs", import.meta.url));

/**
 * Runs `athanor <args>` in `dir` with `env` over the current environment (no colours, no
 * DATABASE_URL unless given); throws with its stderr when it exits non-zero.
 *
 * @example
 * ```js
 * const { wall, cpu, rss, out } = measureCli(dir, ["upgrade", "--sql"], { XDG_CACHE_HOME: cache }, usageFile);
 * ```
 */
export function measureCli(dir, args, env, usageFile) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", preload, BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 29,
    env: { ...process.env, NO_COLOR: "1", DATABASE_URL: "", ATHANOR_BENCH_USAGE: usageFile, ...env },
  });
  const wall = performance.now() - started;
  if (run.status !== 0)
    throw new Error(`athanor ${args.join(" ")} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8"));
  return { wall, cpu: usage.cpuMicros / 1000, rss: usage.maxRssKiB / 1024, out: run.stdout };
}
