// Preloaded with `node --import` into a measured process: on exit, writes its peak RSS (KiB) and
// CPU time (user + system, µs) to the file named by ATHANOR_BENCH_USAGE, so the parent can report
// memory and CPU without /usr/bin/time (CPU time is what a loaded, shared machine distorts least).
import { writeFileSync } from "node:fs";

const out = process.env.ATHANOR_BENCH_USAGE;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }),
    );
  });
}
