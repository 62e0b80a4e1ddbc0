// Preloaded with `node --import` into a measured process: on exit, writes its peak RSS (KiB)
// to the file named by ATHANOR_BENCH_USAGE, so the parent can report memory without /usr/bin/time.
import { writeFileSync } from "node:fs";

const out = process.env.ATHANOR_BENCH_USAGE;
if (out) {
  process.on("exit", () => {
    writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  });
}
