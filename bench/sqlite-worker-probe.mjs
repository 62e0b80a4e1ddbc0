#!/usr/bin/env node
// Would a SQLite connection on a worker thread let athanor's CPU overlap SQLite's commits?
// (docs/performance.md, "SQLite apply, twenty-first session".) Interleaved, run by run, each on
// a fresh file: the sqlite3 shell running apply-sqlite.mjs's floor SQL; athanor applying the same
// N revisions through sqliteDialect's in-thread better-sqlite3 connection ("sync"); and athanor
// through a connection whose better-sqlite3 handle lives on a worker thread ("worker"), where the
// runner prepares revision N+1 while the worker commits N (core's StepsAhead: the revisions are
// marked op-calls-only on both athanor sides). Prints each run's wall and CPU time (user + system),
// and for the worker side how many revisions ran ahead of their turn, the worker's busy time and
// the median gap between its reply and the next message (the round trip plus the runner's turn).
//
//   node bench/sqlite-worker-probe.mjs [--revisions 1000] [--runs 3] [--fixed-sync-us 175 [--realtime]]
//
// A probe, not a product path: the worker connection carries errors as message, code and
// statement index only. Needs `pnpm build` and the sqlite3 shell on PATH.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { reapedChildrenCpuMs } from "./child-cpu.mjs";
import { fixedSyncLab } from "./fixed-sync.mjs";
import { table } from "./sqlite-bench-table.mjs";

const { values } = parseArgs({
  options: {
    revisions: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    "fixed-sync-us": { type: "string" },
    realtime: { type: "boolean", default: false },
  },
});
const N = Number(values.revisions);
const root = fileURLToPath(new URL("../", import.meta.url));
if (spawnSync("sqlite3", ["--version"]).status !== 0) {
  process.stdout.write(
    "The sqlite3 shell is not on PATH: it is this probe's floor, so nothing was measured.\n",
  );
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "athanor-sqlite-worker-probe-"));
const lab =
  values["fixed-sync-us"] === undefined
    ? undefined
    : fixedSyncLab(work, { micros: Number(values["fixed-sync-us"]), realtime: values.realtime });

/** Wall and CPU ms of one process, and its stdout; throws with its stderr when it fails. */
function timed(cmd, args) {
  const [command, argv] = lab === undefined ? [cmd, args] : lab.wrap(cmd, args);
  const env = lab === undefined ? process.env : { ...process.env, ...lab.env };
  const cpu0 = reapedChildrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(command, argv, { encoding: "utf8", env });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  return { wall, cpu: reapedChildrenCpuMs() - cpu0, out: r.stdout };
}

const floorSql = join(work, "floor.sql");
writeFileSync(
  floorSql,
  Array.from({ length: N }, (_, i) => `BEGIN IMMEDIATE;\n${table(i)};\nCOMMIT;\n`).join(""),
);
const child = fileURLToPath(new URL("sqlite-worker-probe-child.mjs", import.meta.url));
const childArgs = [
  new URL("packages/core/dist/index.js", `file://${root}`).href,
  new URL("packages/sqlite/dist/index.js", `file://${root}`).href,
  new URL("sqlite-bench-table.mjs", import.meta.url).href,
  createRequire(join(root, "packages/sqlite/package.json")).resolve("better-sqlite3"),
];
const sides = {
  shell: (file) => timed("sqlite3", [file, `.read ${floorSql}`]),
  sync: (file) => timed(process.execPath, [child, ...childArgs, file, String(N), "sync"]),
  worker: (file) => timed(process.execPath, [child, ...childArgs, file, String(N), "worker"]),
};

const s = (ms) => (ms / 1000).toFixed(2);
process.stdout.write(
  `${N} revisions, one fresh file a run, sides interleaved${lab === undefined ? " (real disk)" : `; ${lab.label}`}\n`,
);
for (let run = 1; run <= Number(values.runs); run++) {
  const line = [`run ${run} (load ${loadavg()[0].toFixed(1)})`];
  let shell;
  for (const [name, apply] of Object.entries(sides)) {
    const r = apply(join(work, `${name}-${run}.db`));
    shell ??= r.wall;
    let extra = "";
    if (name === "worker") {
      const { runEarly, worker } = JSON.parse(r.out);
      extra = `, ${runEarly} run ahead, worker busy ${s(worker.busyMs)} s, reply→next message median ${Math.round(worker.gapMedianMs * 1000)} µs`;
    }
    const ratio = name === "shell" ? "" : ` (${(r.wall / shell).toFixed(2)}×)`;
    line.push(`${name} ${s(r.wall)} s${ratio} cpu ${s(r.cpu)} s${extra}`);
  }
  process.stdout.write(`${line.join(" | ")}\n`);
}
rmSync(work, { recursive: true, force: true });
