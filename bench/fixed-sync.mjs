// Lab mode for SQLite benchmarks on a busy machine: each measured process runs with fsync and
// fdatasync replaced by a fixed sleep (fixed-sync.c, built here with `cc`), and optionally under
// SCHED_FIFO (`chrt -f`) so other users' processes neither delay its CPU work nor its wake-ups.
// Both sides of a comparison get the same model: a quiet CPU plus a steady per-sync latency. On
// this 2-core machine, 175 µs a sync puts the sqlite3 shell at 1.15–1.25 s for 1,000 commits, its
// quiet-machine figure (1.15–1.17 s with the real disk), at load 12.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds the shim into `dir` and returns how to run a command in lab mode:
 * `wrap(cmd, args)` → the command line, `env` → the environment to add.
 *
 * @example
 * ```js
 * const lab = fixedSyncLab(workDir, { micros: 175, realtime: true });
 * const [cmd, args] = lab.wrap("sqlite3", [file, ".read x.sql"]);
 * spawnSync(cmd, args, { env: { ...process.env, ...lab.env } });
 * ```
 */
export function fixedSyncLab(dir, { micros, realtime }) {
  const shim = join(dir, "fixed-sync.so");
  const source = fileURLToPath(new URL("fixed-sync.c", import.meta.url));
  const cc = spawnSync("cc", ["-O2", "-shared", "-fPIC", "-o", shim, source], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(`lab mode needs a C compiler (cc): ${cc.stderr || cc.error}`);
  if (realtime) {
    const probe = spawnSync("chrt", ["-f", "50", "true"], { encoding: "utf8" });
    if (probe.status !== 0)
      throw new Error(`--realtime needs chrt and the right to use it: ${probe.stderr || probe.error}`);
  }
  return {
    env: { LD_PRELOAD: shim, FIXED_SYNC_US: String(micros) },
    wrap: (cmd, args) => (realtime ? ["chrt", ["-f", "50", cmd, ...args]] : [cmd, args]),
    label: `lab mode: fsync/fdatasync → ${micros} µs sleeps${realtime ? ", SCHED_FIFO" : ""} (not durable; a model of a quiet machine)`,
  };
}
