import { readFileSync } from "node:fs";

// Linux reports a process's start in clock ticks since boot; user space always sees 100 a second
// (USER_HZ) on the architectures Node runs on.
const TICKS_PER_SECOND = 100;
// Slack for the tick's resolution and for Node's own clock starting a little after the kernel's.
const SLACK_MS = 1000;

/** Field 22 of /proc/<pid>/stat, the process's start in ticks since boot, or null (not Linux, no such process). */
function startTicks(pid: number | "self"): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) is in parentheses and may hold spaces and parentheses itself
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/**
 * Whether the process running as `pid` on this host now started after `sinceMs` (epoch ms), so it
 * cannot be the process that did something at `sinceMs`: the pid was given again. A container
 * restarted after kill -9 runs its command as pid 1 again, under the same hostname. False when
 * that cannot be told (no /proc): then the pid is taken to be the same process.
 *
 * @example
 * ```ts
 * startedAfter(process.pid, Date.parse("2020-01-01T00:00:00Z")); // true: this process is younger
 * ```
 */
export function startedAfter(pid: number, sinceMs: number): boolean {
  if (!Number.isFinite(sinceMs)) return false;
  if (pid === process.pid) return performance.timeOrigin > sinceMs;
  const theirs = startTicks(pid);
  const mine = startTicks("self");
  if (theirs === null || mine === null) return false;
  const startedMs = performance.timeOrigin + ((theirs - mine) * 1000) / TICKS_PER_SECOND;
  return startedMs > sinceMs + SLACK_MS;
}
