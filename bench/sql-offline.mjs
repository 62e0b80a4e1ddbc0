#!/usr/bin/env node
// Offline `upgrade --sql` (issue 21): at each size, the CLI without the op cache and with it
// (`--op-cache`), cold and warm, against Alembic's `upgrade --sql` figure on this machine (the
// issue's, measured quietly; Python is not run here). Cold = a fresh, empty cache folder (no
// header, checksum or op cache: a new container or CI job); warm = the caches a previous run of
// the same command left. With the op cache, the cold run is the one that records.
//
//   node bench/sql-offline.mjs [--sizes 1000,10000] [--runs 3]
//
// Each cell: wall (CPU) time, median of the runs; peak RSS of the CLI process. CPU time (user +
// system) is the figure to compare on a loaded machine. Needs `pnpm build`.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHistory } from "./generate-history.mjs";
import { measureCli } from "./measure-cli.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    runs: { type: "string", default: "3" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const runs = Math.max(1, Number(values.runs));
/** Alembic `upgrade --sql`, seconds, from issue 21 (same machine, quiet, medians of 5). */
const ALEMBIC = { 1000: "0.59–0.63 s", 10000: "5.35–5.65 s" };

const scratch = mkdtempSync(join(tmpdir(), "athanor-sql-offline-"));
const usageFile = join(scratch, "usage.json");
const freshCache = () => mkdtempSync(join(scratch, "cache-"));

const athanor = (dir, args, cache) => measureCli(dir, args, { XDG_CACHE_HOME: cache }, usageFile);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (samples) => ({
  wall: median(samples.map((s) => s.wall)),
  cpu: median(samples.map((s) => s.cpu)),
  rss: Math.max(...samples.map((s) => s.rss)),
});
const normalise = (sql) => sql.replace(/'[0-9a-f-]{36}'/g, "'<run>'");

const rows = [];
for (const size of sizes) {
  const dir = fileURLToPath(new URL(`.out/apply-${size}`, import.meta.url));
  await generateHistory({ dir, count: size });
  process.stderr.write(`  ${size} revisions\n`);
  const scripts = new Set();
  for (const [label, args] of [
    ["`upgrade --sql`", ["upgrade", "--sql"]],
    ["`upgrade --sql --op-cache`", ["upgrade", "--sql", "--op-cache"]],
  ]) {
    const cold = [];
    for (let i = 0; i < runs; i++) cold.push(athanor(dir, args, freshCache()));
    const cache = freshCache();
    athanor(dir, args, cache);
    const warm = Array.from({ length: runs }, () => athanor(dir, args, cache));
    for (const s of [...cold, ...warm]) scripts.add(normalise(s.out));
    rows.push({ size, label, cold: summary(cold), warm: summary(warm) });
  }
  // the cache must change nothing about the script
  if (scripts.size !== 1)
    throw new Error(`${size} revisions: the scripts differ between runs (${scripts.size} variants)`);
}
rmSync(scratch, { recursive: true, force: true });

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const cell = (v) => `${fmt(v.wall)} (${fmt(v.cpu)})`;
console.log(
  `Offline \`upgrade --sql\`, node ${process.version}, median of ${runs}; wall (CPU) time; cold = empty cache folder, warm = the caches of a previous run; every run printed the same script\n`,
);
console.log("| revisions | run | cold | warm | peak RSS cold / warm | Alembic (issue 21, quiet) |");
console.log("|---:|---|---:|---:|---:|---:|");
for (const r of rows)
  console.log(
    `| ${r.size.toLocaleString("en")} | ${r.label} | ${cell(r.cold)} | ${cell(r.warm)} | ${Math.round(r.cold.rss)} / ${Math.round(r.warm.rss)} MB | ${ALEMBIC[r.size] ?? "—"} |`,
  );
console.log(
  `\nload average while running: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} on ${cpus().length} CPUs`,
);
