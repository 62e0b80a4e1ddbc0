// Vitest setup file (every project's config lists it): when scripts/test.mjs sets
// ATHANOR_TEST_USAGE_FILE, appends one JSON line per test file with the CPU its worker spent on
// it (own threads plus the child processes it spawned and reaped: CLI runs, servers it started)
// and the worker's own start-up CPU. Setup files run again before every test file, so the
// numbers are per file whether or not the worker is reused. Linux only (/proc); silent elsewhere.
import { appendFileSync, readFileSync } from "node:fs";
import { afterAll, expect } from "vitest";

const out = process.env.ATHANOR_TEST_USAGE_FILE;
const TICKS = 100; // USER_HZ: /proc reports CPU in 1/100 s on Linux

/** Seconds of CPU: [own, reaped children] from /proc/self/stat, or undefined off Linux. */
function cpu() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the parenthesised command name: utime is 14th, stime 15th, cutime 16th, cstime 17th.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return [(+f[11] + +f[12]) / TICKS, (+f[13] + +f[14]) / TICKS];
  } catch {
    return undefined;
  }
}

if (out) {
  const start = cpu();
  // Only the first file a worker runs paid for its start (a worker may run several files).
  const fresh = !globalThis.__athanorUsageWorkerSeen;
  globalThis.__athanorUsageWorkerSeen = true;
  const startWall = Date.now();
  afterAll(() => {
    const end = cpu();
    if (!start || !end) return;
    const line = {
      file: expect.getState().testPath,
      pid: process.pid,
      // CPU spent before this file's setup began: the worker's start when it is fresh.
      workerStart: fresh ? +start[0].toFixed(2) : 0,
      own: +(end[0] - start[0]).toFixed(2),
      children: +(end[1] - start[1]).toFixed(2),
      wall: +((Date.now() - startWall) / 1000).toFixed(2),
    };
    appendFileSync(out, `${JSON.stringify(line)}\n`);
  });
}
