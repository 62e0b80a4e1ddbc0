#!/usr/bin/env node
// Apply benchmark (issue 3): 1,000 small revisions (CREATE TABLE + CREATE INDEX each, with a
// branch and merge every 100) applied base → head and back through the built CLI on
// PostgreSQL 15, next to the floor — psql running the same SQL (`upgrade --sql`) in one
// transaction (`psql -1`) and with one transaction per revision — plus a no-op `upgrade head`
// on an up-to-date database (target < 0.4 s, aim 0.15 s), and the same figures on PGlite.
//
//   node bench/apply-postgres.mjs [--revisions 1000] [--noop-runs 7] [--repeat 1] [--no-pglite]
//
// --repeat R applies (and psql-runs) everything R times and keeps the fastest, which is what to
// compare on a shared, noisy machine. The no-op row is shown next to a bare `node -e 0` and to
// `athanor heads` (same config and header loading, no database) to separate process start-up,
// module loading and the database part.
//   ATHANOR_TEST_PG_URL=postgres://user@host:5432/db node bench/apply-postgres.mjs
//
// Needs `pnpm run build` first (it runs packages/cli/bin.js) and `psql` on the PATH.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHistory } from "./generate-history.mjs";
import { pgliteStateRecord } from "./pglite-state-record.mjs";

const { values } = parseArgs({
  options: {
    revisions: { type: "string", default: "1000" },
    "noop-runs": { type: "string", default: "7" },
    repeat: { type: "string", default: "1" },
    "no-pglite": { type: "boolean", default: false },
  },
});
const count = Number(values.revisions);
const noopRuns = Number(values["noop-runs"]);
const repeat = Math.max(1, Number(values.repeat));
const BIN = fileURLToPath(new URL("../packages/cli/bin.js", import.meta.url));
const SERVER = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dir = fileURLToPath(new URL(`.out/apply-${count}`, import.meta.url));
await generateHistory({ dir, count });

function psql(url, args) {
  const run = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`psql ${args.join(" ")} failed: ${run.stderr}`);
  return run.stdout;
}

function freshDatabase(name) {
  psql(SERVER, ["-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  psql(SERVER, ["-c", `CREATE DATABASE ${name}`]);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Wall time of `fn` in ms. */
function time(fn) {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function athanor(args, env) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: "1", DATABASE_URL: "", ...env },
  });
  if (run.status !== 0) throw new Error(`athanor ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const rows = [];
const pg = { DATABASE_URL: freshDatabase(`athanor_bench_apply_${process.pid}`) };
// `env -u`-like: an empty DATABASE_URL must mean "none" for the PGlite runs
const pgliteEnv = { DATABASE_URL: undefined };

// The floor: the exact SQL the CLI would run, executed by psql.
const upSql = athanor(["upgrade", "--sql"], pg);
const downSql = athanor(["downgrade", "--sql", "heads:base"], pg);
const files = {
  upOne: `${dir}/up-one-tx.sql`,
  upPer: `${dir}/up-per-revision.sql`,
  downOne: `${dir}/down-one-tx.sql`,
  downPer: `${dir}/down-per-revision.sql`,
};
const oneTransaction = (sql) => sql.replace(/^(BEGIN|COMMIT);\n/gm, "");
writeFileSync(files.upOne, oneTransaction(upSql));
writeFileSync(files.upPer, upSql);
writeFileSync(files.downOne, oneTransaction(downSql));
writeFileSync(files.downPer, downSql);
const floorDb = freshDatabase(`athanor_bench_floor_${process.pid}`);
// each up is followed by its down, so the database is at base again for the next one. A single
// transaction over 1,000 CREATE TABLEs needs ~4,000 lock slots; on a busy shared server that can
// exceed max_locks_per_transaction × max_connections, and the one-transaction floor is then
// reported as unavailable (the per-revision floor still runs).
const floor = { upOne: Infinity, downOne: Infinity, upPer: Infinity, downPer: Infinity };
const floorNotes = [];
for (let i = 0; i < repeat; i++) {
  let oneTxFailed = false;
  for (const [key, file, oneTx] of [
    ["upOne", files.upOne, true],
    ["downOne", files.downOne, true],
    ["upPer", files.upPer, false],
    ["downPer", files.downPer, false],
  ]) {
    if (oneTx && oneTxFailed) continue;
    try {
      floor[key] = Math.min(
        floor[key],
        time(() => psql(floorDb, [...(oneTx ? ["-1"] : []), "-f", file])),
      );
    } catch (error) {
      if (!oneTx || !/out of shared memory/.test(String(error))) throw error;
      oneTxFailed = true;
      floorNotes.push("psql -1 ran out of lock slots (raise max_locks_per_transaction)");
    }
  }
}
for (const key of Object.keys(floor)) if (floor[key] === Infinity) floor[key] = null;

const apply = { up: Number.POSITIVE_INFINITY, down: Number.POSITIVE_INFINITY };
for (let i = 0; i < repeat; i++) {
  apply.up = Math.min(
    apply.up,
    time(() => athanor(["upgrade", "head"], pg)),
  );
  if (i < repeat - 1)
    apply.down = Math.min(
      apply.down,
      time(() => athanor(["downgrade", "base"], pg)),
    );
}
const noop = Array.from({ length: noopRuns }, () => time(() => athanor(["upgrade", "head"], pg)));
apply.down = Math.min(
  apply.down,
  time(() => athanor(["downgrade", "base"], pg)),
);
const nodeOnly = Array.from({ length: noopRuns }, () => time(() => spawnSync(process.execPath, ["-e", "0"])));
const headsOnly = Array.from({ length: noopRuns }, () => time(() => athanor(["heads"], pg)));
rows.push(
  ["PostgreSQL: upgrade base → head", apply.up, floor.upOne, floor.upPer],
  ["PostgreSQL: downgrade head → base", apply.down, floor.downOne, floor.downPer],
  [`PostgreSQL: no-op upgrade head (median of ${noopRuns})`, median(noop), null, null],
  [`  for scale: \`node -e 0\` (median)`, median(nodeOnly), null, null],
  [`  for scale: \`athanor heads\`, no database (median)`, median(headsOnly), null, null],
);

if (!values["no-pglite"]) {
  rmSync(`${dir}/.athanor`, { recursive: true, force: true });
  const pUp = time(() => athanor(["upgrade", "head"], pgliteEnv));
  const pNoop = Array.from({ length: Math.min(noopRuns, 3) }, () =>
    time(() => athanor(["upgrade", "head"], pgliteEnv)),
  );
  // the same with the folder's state record removed first: PGlite starts (what a no-op costs
  // after anything else opened the folder)
  const record = pgliteStateRecord(`${dir}/.athanor/pglite`);
  const pStarted = Array.from({ length: Math.min(noopRuns, 3) }, () => {
    rmSync(record, { force: true });
    return time(() => athanor(["upgrade", "head"], pgliteEnv));
  });
  const pDown = time(() => athanor(["downgrade", "base"], pgliteEnv));
  rows.push(
    ["PGlite: upgrade base → head", pUp, null, null],
    [`  for scale: PGlite upgrade ÷ PostgreSQL upgrade: ${(pUp / apply.up).toFixed(2)}×`, pUp, null, null],
    ["PGlite: downgrade head → base", pDown, null, null],
    [
      `PGlite: no-op upgrade head, answered by the record (median of ${pNoop.length})`,
      median(pNoop),
      null,
      null,
    ],
    [
      `PGlite: no-op upgrade head, record removed: PGlite starts (median of ${pStarted.length})`,
      median(pStarted),
      null,
      null,
    ],
  );
  rmSync(`${dir}/.athanor`, { recursive: true, force: true });
}
psql(SERVER, ["-c", `DROP DATABASE IF EXISTS athanor_bench_apply_${process.pid} WITH (FORCE)`]);
psql(SERVER, ["-c", `DROP DATABASE IF EXISTS athanor_bench_floor_${process.pid} WITH (FORCE)`]);

const fmt = (ms) => (ms === null ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (a, b) => (b === null ? "—" : `${(a / b).toFixed(2)}×`);
for (const note of new Set(floorNotes)) console.log(`note: ${note}`);
console.log(
  `${count} revisions (CREATE TABLE + CREATE INDEX each), node ${process.version}, best of ${repeat}\n`,
);
console.log("| run | athanor | psql -1 (floor) | psql, tx per revision | vs floor |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, ms, one, per] of rows)
  console.log(`| ${name} | ${fmt(ms)} | ${fmt(one)} | ${fmt(per)} | ${ratio(ms, one)} |`);
const noopMedian = rows[2][1];
console.log(
  `\nload average while running: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")} on ${cpus().length} CPUs`,
);
console.log(
  `\nno-op target < 400 ms (aim 150 ms): ${noopMedian < 400 ? "met" : "MISSED"} (${fmt(noopMedian)}; runs: ${noop.map(fmt).join(", ")})`,
);
console.log(
  `apply target within 2× of the floor: ${floor.upOne === null ? "no floor" : apply.up / floor.upOne <= 2 ? "met" : "MISSED"} (${ratio(apply.up, floor.upOne)}; per-revision floor ${ratio(apply.up, floor.upPer)})`,
);
