#!/usr/bin/env node
// Start-up benchmark (issue 21): the commands that are mostly process start-up, measured the
// ways a shared, loaded machine distorts least — CPU time (user + system) of the CLI process,
// its ratio to a bare `node -e 0` run in the same loop (the floor), and, with --callgrind,
// user-space instructions of the whole process (valgrind, all threads: repeatable whatever the
// load). Wall time is printed with the load average beside it. Each case also runs its floor
// script (bench/floors/: the least any tool must do for it — list and stat the revision files,
// import the driver, connect, read the bookkeeping — with nothing of athanor) in the same loop: a
// target below that floor cannot be met by any Node tool on this machine.
//
//   heads         `athanor heads` on 10,000 revisions, warm header cache (target ≤ 0.2 s)
//   noop-pg       no-op `upgrade head`, 1,000 applied, PostgreSQL (target ≤ 0.15 s)
//   noop-mariadb  the same on MariaDB (target ≤ 0.15 s)
//   noop-pglite   the same on PGlite, a data folder (target ≤ 0.5 s): answered by the record of
//                 the folder's verified state, PGlite not started
//   noop-pglite-unrecorded  the same with that record removed before each run: PGlite starts
//                 (what a no-op costs after anything else opened the folder; not in the default set)
//
// The no-op histories have `SELECT 1` revisions: a no-op reads only the bookkeeping, so what the
// revisions do does not matter, and applying them once stays cheap.
//
// Usage: node bench/start-up.mjs [--runs 7] [--only heads,noop-pg] [--callgrind] [--modules]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHistory } from "./generate-history.mjs";
import { pgliteStateRecord } from "./pglite-state-record.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    only: { type: "string" },
    callgrind: { type: "boolean", default: false },
    modules: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages", "cli", "bin.js");
const out = join(root, "bench", ".out");
const scratch = mkdtempSync(join(tmpdir(), "athanor-start-up-"));
const usageFile = join(scratch, "usage.json");
const preload = join(root, "bench", "report-usage.mjs");
const floors = join(root, "bench", "floors");
const PG = new URL(process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const MY = new URL(process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
const size = values.quick ? { graph: 1_000, noop: 100 } : { graph: 10_000, noop: 1_000 };
// one database per history size: a database at the head of one history is unknown to another
const DB_NAME = `athanor_bench_start_up${values.quick ? `_${size.noop}` : ""}`;

function psql(sql) {
  const run = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", PG.toString(), "-c", sql], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
}

function mariadb(sql) {
  const run = spawnSync(
    "mariadb",
    ["-h", MY.hostname, "-P", MY.port || "3306", "-u", decodeURIComponent(MY.username), "-e", sql],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`mariadb failed: ${run.stderr}`);
}

function withDatabase(url, name) {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

function cli(args, cwd, env) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  if (run.status !== 0) throw new Error(`athanor ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

const withoutUrl = () => {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.DATABASE_URL;
  return env;
};

/** Each case: how to prepare it once, then the argv, folder and environment of one run. */
async function prepare(name) {
  if (name === "heads") {
    const dir = join(out, `graph-${size.graph}`);
    await generateHistory({ dir, count: size.graph });
    cli(["heads"], dir, {}); // fills the header cache
    const floor = { args: [join(floors, "heads.mjs"), versionsOf(dir)], cwd: dir, env: process.env };
    return { args: [bin, "heads"], cwd: dir, env: process.env, target: 200, floor };
  }
  if (name === "noop-pg" || name.startsWith("noop-pglite")) {
    const dir = join(out, `noop-pg-${size.noop}`);
    const history = await generateHistory({ dir, count: size.noop, bodies: "select" });
    let env;
    if (name === "noop-pg") {
      const fresh = !existsDatabase();
      if (fresh) psql(`CREATE DATABASE ${DB_NAME}`);
      env = { ...process.env, NO_COLOR: "1", DATABASE_URL: withDatabase(PG, DB_NAME) };
    } else env = withoutUrl();
    spawnOk([bin, "upgrade", "head"], dir, env); // applies once, then warms the caches
    await pastRacyWindow(history);
    spawnOk([bin, "upgrade", "head"], dir, env);
    const run = { args: [bin, "upgrade", "head"], cwd: dir, env, target: name === "noop-pg" ? 150 : 500 };
    if (name === "noop-pg") run.floor = noopFloor(dir, env);
    if (name !== "noop-pglite-unrecorded") return run;
    const record = pgliteStateRecord(join(dir, ".athanor", "pglite"));
    return { ...run, before: () => rmSync(record, { force: true }) };
  }
  if (name === "noop-mariadb") {
    const dir = join(out, `noop-mysql-${size.noop}`);
    const history = await generateHistory({ dir, count: size.noop, dialect: "mysql", bodies: "select" });
    mariadb(`CREATE DATABASE IF NOT EXISTS ${DB_NAME}`);
    const env = { ...process.env, NO_COLOR: "1", DATABASE_URL: withDatabase(MY, DB_NAME) };
    spawnOk([bin, "upgrade", "head"], dir, env);
    await pastRacyWindow(history);
    spawnOk([bin, "upgrade", "head"], dir, env);
    return { args: [bin, "upgrade", "head"], cwd: dir, env, target: 150, floor: noopFloor(dir, env) };
  }
  throw new Error(`unknown case ${name}`);
}

/**
 * Waits out the no-op summary's racy window (3 s) when the history was written just now: a
 * summary is never stored for files that young, so without the wait the warm-up stores none and
 * the measured runs within 3 s of the generation take the full path (the twenty-third session's
 * first run read 0.234 s wall for the PostgreSQL no-op, the next 0.154 s).
 */
async function pastRacyWindow(history) {
  if (!history.reused) await new Promise((resolve) => setTimeout(resolve, 3_100));
}

const versionsOf = (dir) => join(dir, "migrations", "versions");
/** The no-op's floor script: list and stat the revisions, connect, one bookkeeping read. */
const noopFloor = (dir, env) => ({
  args: [join(floors, "noop.mjs"), versionsOf(dir), env.DATABASE_URL],
  cwd: dir,
  env,
});

function existsDatabase() {
  const run = spawnSync(
    "psql",
    ["-X", "-tA", PG.toString(), "-c", `SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'`],
    { encoding: "utf8" },
  );
  return run.stdout.trim() === "1";
}

function spawnOk(args, cwd, env) {
  const run = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run;
}

/** CPU (user + system) and wall of one run, in ms. */
function measureOnce({ args, cwd, env, before }) {
  before?.();
  rmSync(usageFile, { force: true });
  const started = performance.now();
  spawnOk(["--import", preload, ...args], cwd, { ...env, ATHANOR_BENCH_USAGE: usageFile });
  const wall = performance.now() - started;
  const { cpuMicros } = JSON.parse(readFileSync(usageFile, "utf8"));
  return { cpu: cpuMicros / 1000, wall };
}

/** User-space instructions of the whole process (all threads), from valgrind's callgrind. */
function instructions({ args, cwd, env }) {
  const file = join(scratch, `callgrind.${Math.random().toString(36).slice(2)}`);
  const run = spawnSync(
    "valgrind",
    ["--tool=callgrind", `--callgrind-out-file=${file}`, process.execPath, ...args],
    { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 },
  );
  if (run.status !== 0) throw new Error(`valgrind ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  const summary = /^(?:summary|totals): (\d+)/m.exec(readFileSync(file, "utf8"));
  rmSync(file, { force: true });
  return summary ? Number(summary[1]) : Number.NaN;
}

/** Modules the process loads: the distinct file URLs in Node's ESM debug log. */
function moduleCount({ args, cwd, env }) {
  const run = spawnOk(args, cwd, { ...env, NODE_DEBUG: "esm" });
  return new Set([...run.stderr.matchAll(/file:\/\/\/[^\s'"]+\.(?:m?js|json|node)/g)].map((m) => m[0])).size;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floorCase = { args: ["-e", "0"], cwd: root, env: process.env };
const names = values.only?.split(",") ?? ["heads", "noop-pg", "noop-mariadb", "noop-pglite"];
const loadBefore = loadavg()[0];
const rows = [];
for (const name of names) {
  const run = await prepare(name);
  const cpu = [];
  const wall = [];
  const floorCpu = [];
  const scriptCpu = [];
  const scriptWall = [];
  // alternate the case and the floor so both see the same load
  for (let i = 0; i < (name === "noop-pglite-unrecorded" ? Math.min(runs, 3) : runs); i++) {
    const one = measureOnce(run);
    cpu.push(one.cpu);
    wall.push(one.wall);
    floorCpu.push(measureOnce(floorCase).cpu);
    if (run.floor !== undefined) {
      const floor = measureOnce(run.floor);
      scriptCpu.push(floor.cpu);
      scriptWall.push(floor.wall);
    }
  }
  const row = {
    name,
    cpu: median(cpu),
    cpuMin: Math.min(...cpu),
    wall: median(wall),
    floorCpu: median(floorCpu),
    scriptCpu: scriptCpu.length > 0 ? median(scriptCpu) : undefined,
    scriptWall: scriptWall.length > 0 ? median(scriptWall) : undefined,
    target: run.target,
  };
  if (values.callgrind && name !== "noop-pglite-unrecorded") {
    row.instructions = instructions(run);
    row.floorInstructions = instructions(floorCase);
  }
  if (values.modules) row.modules = moduleCount(run);
  rows.push(row);
}
const loadAfter = loadavg()[0];
rmSync(scratch, { recursive: true, force: true });

const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
const g = (n) => (n === undefined ? "" : `${(n / 1e9).toFixed(3)} G`);
console.log(
  `Start-up, ${runs} runs each alternating with \`node -e 0\`; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${spawnSync("nproc", { encoding: "utf8" }).stdout.trim()} cores.\n`,
);
console.log(
  "| case | CPU median (min) | node -e 0 CPU | × floor | floor script CPU | × floor script | wall median | floor script wall | instructions | node -e 0 instr. | modules | target | CPU within target | floor script within target |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
let missed = 0;
for (const r of rows) {
  const met = r.cpu <= r.target;
  if (!met) missed++;
  const script =
    r.scriptCpu === undefined
      ? ["", "", "", ""]
      : [
          fmt(r.scriptCpu),
          `${(r.cpu / r.scriptCpu).toFixed(2)}×`,
          r.scriptCpu <= r.target ? "yes" : "no: the floor is above it",
          fmt(r.scriptWall),
        ];
  console.log(
    `| ${r.name} | ${fmt(r.cpu)} (${fmt(r.cpuMin)}) | ${fmt(r.floorCpu)} | ${(r.cpu / r.floorCpu).toFixed(2)}× | ${script[0]} | ${script[1]} | ${fmt(r.wall)} | ${script[3]} | ${g(r.instructions)} | ${g(r.floorInstructions)} | ${r.modules ?? ""} | ${fmt(r.target)} | ${met ? "yes" : "no"} | ${script[2]} |`,
  );
}
console.log(
  "\nCPU time is user + system of the CLI process (GC and compiler threads included, so it can exceed a quiet machine's wall time); the targets are wall times on a quiet machine. The floor script is the case's script in bench/floors/: where it misses the target, no Node tool can meet it here.",
);
process.exitCode = missed > 0 ? 1 : 0;
