// Preloaded into every node process a benchmark starts (run-all.mjs puts it in NODE_OPTIONS, so
// children inherit it): on exit, appends the process's script and peak RSS to the file named by
// ATHANOR_BENCH_RSS_LOG, one JSON line each. run-all.mjs reads it to report the peak memory of
// the benchmark process and of every `athanor` CLI process it ran.
import { appendFileSync } from "node:fs";

const log = process.env.ATHANOR_BENCH_RSS_LOG;
if (log) {
  process.on("exit", () => {
    const line = {
      script: process.argv[1] ?? "",
      args: process.argv.slice(2, 4),
      // a CLI run against a server (DATABASE_URL) or the embedded PGlite: very different footprints
      server: Boolean(process.env.DATABASE_URL),
      maxRssKiB: process.resourceUsage().maxRSS,
    };
    try {
      appendFileSync(log, `${JSON.stringify(line)}\n`);
    } catch {
      // a full disk must not turn a benchmark result into a crash
    }
  });
}
