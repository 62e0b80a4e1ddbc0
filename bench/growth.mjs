#!/usr/bin/env node
// Growth benchmark (issue 21): the same commands at N = 100, 1,000 and 10,000 revisions, cold
// (a fresh, empty cache folder: no header or checksum cache, as in a new container or CI job)
// and warm (the caches of a previous run), with the factor per 10× — anything well above 10 is
// worse than linear. Revisions are TypeScript files as `athanor revision` writes them (CREATE
// TABLE + CREATE INDEX each, a branch and merge every 100).
//
//   node bench/growth.mjs [--sizes 100,1000,10000] [--runs 3] [--apply-max 1000]
//
// --apply-max N also applies, reverts and no-ops on PostgreSQL (ATHANOR_TEST_PG_URL) for sizes
// up to N (0: none). Needs `pnpm build`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHistory } from "./generate-history.mjs";
import { measureCli } from "./measure-cli.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100,1000,10000" },
    runs: { type: "string", default: "3" },
    "apply-max": { type: "string", default: "1000" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const runs = Math.max(1, Number(values.runs));
const applyMax = Number(values["apply-max"]);
const SERVER = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function psql(url, sql) {
  const run = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
}

const scratch = mkdtempSync(join(tmpdir(), "athanor-growth-"));
const usageFile = join(scratch, "usage.json");

/** Wall and CPU ms of one CLI run in `dir`; `cache` is the XDG cache folder it sees. */
function athanor(dir, args, cache, env = {}) {
  return measureCli(dir, args, { XDG_CACHE_HOME: cache, ...env }, usageFile);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medians = (samples) => ({
  wall: median(samples.map((s) => s.wall)),
  cpu: median(samples.map((s) => s.cpu)),
});
const freshCache = () => mkdtempSync(join(scratch, "cache-"));

/** Medians of `runs` cold runs (each with its own empty cache) and of `runs` warm ones. */
function coldAndWarm(dir, args, env) {
  const cold = [];
  for (let i = 0; i < runs; i++) cold.push(athanor(dir, args, freshCache(), env));
  const cache = freshCache();
  athanor(dir, args, cache, env); // fills the caches
  const warm = Array.from({ length: runs }, () => athanor(dir, args, cache, env));
  return { cold: medians(cold), warm: medians(warm) };
}

const results = new Map(); // measurement → size → { cold, warm }
const record = (name, size, value) => {
  if (!results.has(name)) results.set(name, new Map());
  results.get(name).set(size, value);
};

for (const size of sizes) {
  const dir = fileURLToPath(new URL(`.out/apply-${size}`, import.meta.url));
  await generateHistory({ dir, count: size });
  process.stderr.write(`  ${size} revisions\n`);
  record("`heads`", size, coldAndWarm(dir, ["heads"]));
  record("`history` (to a pipe)", size, coldAndWarm(dir, ["history"]));
  record("offline `upgrade --sql`", size, coldAndWarm(dir, ["upgrade", "--sql"]));
  if (size <= applyMax) {
    const db = `athanor_bench_growth_${process.pid}`;
    psql(SERVER, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    psql(SERVER, `CREATE DATABASE ${db}`);
    const url = new URL(SERVER);
    url.pathname = `/${db}`;
    const env = { DATABASE_URL: url.toString() };
    // apply and revert are one run each, cold (a fresh cache): what a new container pays
    const up = athanor(dir, ["upgrade", "head"], freshCache(), env);
    const noop = coldAndWarm(dir, ["upgrade", "head"], env);
    const down = athanor(dir, ["downgrade", "base"], freshCache(), env);
    record("PostgreSQL `upgrade` base → head (one run)", size, { cold: up, warm: null });
    record("PostgreSQL `downgrade` head → base (one run)", size, { cold: down, warm: null });
    record("PostgreSQL no-op `upgrade head`", size, noop);
    psql(SERVER, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}

rmSync(scratch, { recursive: true, force: true });

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const cell = (v) => (v === null ? "—" : `${fmt(v.wall)} (${fmt(v.cpu)})`);
const factor = (series, key) => {
  const out = [];
  for (let i = 1; i < sizes.length; i++) {
    const a = series.get(sizes[i - 1])?.[key];
    const b = series.get(sizes[i])?.[key];
    if (a && b) out.push(`${(b.cpu / a.cpu).toFixed(1)}×`);
  }
  return out.join(", ") || "—";
};

console.log(
  `Growth with the number of revisions, node ${process.version}, median of ${runs}; each cell is wall (CPU) time, ` +
    `cold = empty cache folder, warm = the caches of a previous run; growth is CPU time per step of sizes (${sizes.join(" → ")})\n`,
);
console.log(
  `| measurement | ${sizes.map((s) => `N = ${s.toLocaleString("en")} cold | N = ${s.toLocaleString("en")} warm`).join(" | ")} | growth, cold | growth, warm |`,
);
console.log(`|---|${sizes.map(() => "---:|---:").join("|")}|---|---|`);
for (const [name, series] of results) {
  const cells = sizes.flatMap((s) => {
    const v = series.get(s);
    return v === undefined ? ["", ""] : [cell(v.cold), cell(v.warm)];
  });
  console.log(`| ${name} | ${cells.join(" | ")} | ${factor(series, "cold")} | ${factor(series, "warm")} |`);
}
console.log(
  `\nload average while running: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} on ${cpus().length} CPUs`,
);
