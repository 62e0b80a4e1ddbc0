#!/usr/bin/env node
// Graph benchmark: generates 10,000 revision files (a branch and merge every 100) into
// bench/.out/ and reports wall time and peak RSS of the real built CLI (`athanor heads`,
// `athanor history` to /dev/null) and of planning base → heads with the built core.
// Target: `heads` under 0.3 s and 150 MB. Usage: node bench/graph.mjs [count] [runs]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateHistory } from "./generate-history.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
const bin = join(root, "packages", "cli", "bin.js");
if (!existsSync(join(root, "packages", "cli", "dist", "main.js"))) {
  console.error("The CLI is not built: run `npm run setup` (or `pnpm build`) first.");
  process.exit(1);
}

const dir = join(root, "bench", ".out", `graph-${count}`);
const generated = await generateHistory({ dir, count });
console.log(`${generated.reused ? "Reusing" : "Generated"} ${count} revisions in ${dir}\n`);

const scratch = mkdtempSync(join(tmpdir(), "athanor-bench-"));
const usageFile = join(scratch, "usage.json");
const preload = join(root, "bench", "report-usage.mjs");

function measure(args) {
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    rmSync(usageFile, { force: true });
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["--import", preload, ...args], {
      cwd: dir,
      env: { ...process.env, ATHANOR_BENCH_USAGE: usageFile },
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (child.status !== 0) throw new Error(`${args.join(" ")} failed: ${child.stderr}`);
    const { maxRssKiB } = JSON.parse(readFileSync(usageFile, "utf8"));
    if (i > 0) samples.push({ wallMs, rssMiB: maxRssKiB / 1024, stdout: child.stdout.toString() }); // run 0 warms caches
  }
  const walls = samples.map((s) => s.wallMs).sort((a, b) => a - b);
  return {
    median: walls[Math.floor(walls.length / 2)],
    min: walls[0],
    rss: Math.max(...samples.map((s) => s.rssMiB)),
    stdout: samples[0]?.stdout ?? "",
  };
}

const rows = [
  ["athanor heads", measure([bin, "heads"])],
  ["athanor history (to /dev/null)", measure([bin, "history"])],
  [
    "plan base → heads (core)",
    measure([join(root, "bench", "plan-child.mjs"), join(dir, "migrations", "versions")]),
  ],
];
rmSync(scratch, { recursive: true, force: true });

const table = [
  ["measurement", "wall median", "wall min", "peak RSS"],
  ...rows.map(([name, r]) => [
    name,
    `${(r.median / 1000).toFixed(3)} s`,
    `${(r.min / 1000).toFixed(3)} s`,
    `${r.rss.toFixed(1)} MB`,
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
console.log(line(table[0]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of table.slice(1)) console.log(line(row));

const plan = JSON.parse(rows[2][1].stdout);
console.log(
  `\nplan phases: import ${plan.importMs.toFixed(0)} ms, load headers ${plan.loadMs.toFixed(0)} ms, build graph ${plan.buildMs.toFixed(0)} ms, plan ${plan.planMs.toFixed(0)} ms (${plan.steps} steps)`,
);
const heads = rows[0][1];
const pass = heads.median < 300 && heads.rss < 150;
console.log(`target (heads < 0.3 s and < 150 MB at 10,000 revisions): ${pass ? "met" : "NOT met"}`);
process.exitCode = pass || count !== 10_000 ? 0 : 1;
