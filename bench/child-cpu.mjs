// CPU time (user + system) of the child processes this process has waited for, from Linux's
// /proc/self/stat (cutime + cstime): it covers any program a benchmark spawns (the sqlite3 shell
// too, which cannot preload report-usage.mjs). Undefined where /proc is missing.
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux build Node supports

/**
 * Milliseconds of CPU spent so far by the children this process has reaped; the difference
 * around a `spawnSync` is that child's (and its own reaped children's) CPU time.
 *
 * @example
 * ```js
 * const before = reapedChildrenCpuMs(); spawnSync("sqlite3", [file, sql]); const cpu = reapedChildrenCpuMs() - before;
 * ```
 */
export function reapedChildrenCpuMs() {
  let stat;
  try {
    stat = readFileSync("/proc/self/stat", "utf8");
  } catch {
    return undefined;
  }
  // fields after the command name (which may hold spaces) start at field 3; cutime is 16, cstime 17
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}
