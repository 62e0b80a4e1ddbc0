#!/usr/bin/env node
// SQLite, same run, same machine, one fresh file each:
// 1. apply N revisions (each creates one table) with athanor (better-sqlite3, each revision in its
//    own BEGIN IMMEDIATE … COMMIT with its version and history rows) vs two floors, both the
//    `sqlite3` shell on a fresh file: the bare floor, the same CREATE TABLE statements one
//    transaction each with no bookkeeping at all; and the same SQL, athanor's `upgrade --sql`
//    output for the same revisions (a transaction a revision with its version row, history row and
//    foreign key check, as apply-floor.mjs's PostgreSQL and MariaDB floors; sqlite-sql-floor.mjs)
//    — vs `drizzle-kit migrate` on a drizzle folder of the same N migrations;
//    plus, to split athanor's time, a bare Node process replaying athanor's exact statements (recorded
//    from one run: its lock, bookkeeping, foreign key checks) through better-sqlite3, with no runner,
//    and one replaying the shell's own statements (the floor of any Node tool: Node's start-up and
//    better-sqlite3, no bookkeeping); where NODE_EXTRA_CA_CERTS is set, athanor also with it unset
//    (a user's usual environment), interleaved with the same runs;
// 2. a rebuild of a ROWS-row table (a default change): athanor's move-and-copy vs the same
//    move-and-copy written by hand in the `sqlite3` shell (foreign keys off, one transaction).
// Every figure is the wall time of the whole process (start-up included), best of --runs, with its
// CPU time (user + system, best of --runs) beside it: on a loaded machine the syncs make the
// wall times of both sides noise, the CPU time much less so. The sides run interleaved, run by run.
//
//   node bench/apply-sqlite.mjs [--revisions 1000] [--rows 1000000] [--runs 3]
//                               [--fixed-sync-us 175 [--realtime]] [--io] [--exec-time] [--callgrind]
//
// --fixed-sync-us: lab mode for a busy machine (fixed-sync.mjs): every process measured runs with
// fsync/fdatasync replaced by a sleep of that many µs (not durable), and with --realtime under
// SCHED_FIFO, so the figures model a quiet machine with a steady disk; the header says so.
//
// --io: also counts, with strace, what one run of each side writes and syncs per revision (pages
// to the journal and to the database, fsync/fdatasync calls): counts that load does not change.
//
// --exec-time: also sums, in each Node side, the time spent inside better-sqlite3's exec (SQLite's
// work and the COMMITs' syncs; sqlite-exec-time.cjs, preloaded), in all and by statement, so a gap
// between two sides can be placed inside SQLite's calls or in the JavaScript between them; wall
// and, in a second table, CPU time (the wall sums take in the waits for a core under load).
//
// --callgrind: also one run of each Node side under valgrind's callgrind (untimed; minutes at
// 1,000 revisions, --revisions 300 is enough to compare): the instructions of the whole process
// (all threads) and those inside better-sqlite3's exec (Database::JS_exec, inclusive) — counts that
// load does not change, so whether a side's SQLite does more work or the same work more slowly.
//
// Needs `pnpm build` and the sqlite3 shell on PATH (it says so and exits 2 when it is missing).
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { reapedChildrenCpuMs } from "./child-cpu.mjs";
import { commitIo } from "./commit-io.mjs";
import { fixedSyncLab } from "./fixed-sync.mjs";
import { table } from "./sqlite-bench-table.mjs";
import { upgradeSqlScript } from "./sqlite-sql-floor.mjs";

const { values } = parseArgs({
  options: {
    revisions: { type: "string", default: "1000" },
    rows: { type: "string", default: "1000000" },
    runs: { type: "string", default: "3" },
    "fixed-sync-us": { type: "string" },
    realtime: { type: "boolean", default: false },
    io: { type: "boolean", default: false },
    "exec-time": { type: "boolean", default: false },
    callgrind: { type: "boolean", default: false },
  },
});
const N = Number(values.revisions);
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("../", import.meta.url));
const dist = (pkg) => join(root, "packages", pkg, "dist/index.js");

const shell = spawnSync("sqlite3", ["--version"], { encoding: "utf8" });
if (shell.status !== 0) {
  process.stdout.write(
    "The sqlite3 shell is not on PATH (apt-get install sqlite3): it is this benchmark's floor, so nothing was measured.\n",
  );
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "athanor-bench-sqlite-"));
const lab =
  values["fixed-sync-us"] === undefined
    ? undefined
    : fixedSyncLab(work, { micros: Number(values["fixed-sync-us"]), realtime: values.realtime });

/** Wall and CPU time of a process in ms (cpu undefined without /proc); throws with its stderr when it fails. */
function timed(cmd, args, options = {}) {
  const cpu0 = reapedChildrenCpuMs();
  const t0 = performance.now();
  const [command, argv] = lab === undefined ? [cmd, args] : lab.wrap(cmd, args);
  const env = lab === undefined ? options.env : { ...(options.env ?? process.env), ...lab.env };
  const r = spawnSync(command, argv, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options, env });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 2).join(" ")} failed: ${r.stderr || r.stdout}`);
  const cpu1 = reapedChildrenCpuMs();
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}
/**
 * How a Node side runs: with --exec-time, sqlite-exec-time.cjs preloaded and the file it appends
 * each run's time inside better-sqlite3's exec to; else as it is.
 */
const execTimeFile = (side) => join(work, `exec-time-${side}.txt`);
function nodeSide(side, args) {
  if (values["exec-time"] !== true) return { args, options: {} };
  const preload = fileURLToPath(new URL("sqlite-exec-time.cjs", import.meta.url));
  const env = {
    ...process.env,
    ATHANOR_BENCH_EXEC_TIME_FILE: execTimeFile(side),
    ATHANOR_BENCH_SQLITE_PACKAGE: join(root, "packages/sqlite/package.json"),
  };
  return { args: ["-r", preload, ...args], options: { env } };
}
/** The least wall time and the least CPU time of some runs. */
const best = (runs) => {
  const cpus = runs.map((r) => r.cpu).filter((c) => c !== undefined);
  return { wall: Math.min(...runs.map((r) => r.wall)), cpu: cpus.length > 0 ? Math.min(...cpus) : undefined };
};
// --- 1. N revisions -------------------------------------------------------------------------
const athanorApply = `
const { defineRevision, upgrade } = await import(${JSON.stringify(dist("core"))});
const { sqliteDialect } = await import(${JSON.stringify(dist("sqlite"))});
const [file, n] = process.argv.slice(1);
const { table } = await import(${JSON.stringify(new URL("sqlite-bench-table.mjs", import.meta.url).href)});
const revisions = Array.from({ length: Number(n) }, (_, i) => defineRevision({
  id: "r" + String(i).padStart(5, "0"), parents: i === 0 ? [] : ["r" + String(i - 1).padStart(5, "0")],
  upgrade: (op) => op.execute(table(i)),
  downgrade: (op) => op.execute('DROP TABLE "t_' + i + '"'),
}));
const result = await upgrade({ dialect: sqliteDialect({ file }), revisions }, "heads");
if (result.error) { console.error(result.error.message); process.exit(1); }
`;
function applyAthanor(run) {
  const file = join(work, `athanor-${run}.db`);
  const side = nodeSide("athanor", ["--input-type=module", "-e", athanorApply, file, String(N)]);
  return timed(process.execPath, side.args, side.options);
}
// NODE_EXTRA_CA_CERTS makes every Node process parse that CA bundle (and Node's own roots) before
// its first line: ~0.42 G instructions, 0.07–0.1 s of CPU on this machine, none for the shell.
// Where it is set (this machine sets it for every process), athanor runs once more per run with
// it unset — the environment of a user who does not set it — so both ratios are in the same run.
const extraCa = process.env.NODE_EXTRA_CA_CERTS;
const { NODE_EXTRA_CA_CERTS: _, ...withoutCa } = process.env;
function applyAthanorWithoutCa(run) {
  const file = join(work, `athanor-no-ca-${run}.db`);
  const side = nodeSide("athanor-no-ca", ["--input-type=module", "-e", athanorApply, file, String(N)]);
  const { NODE_EXTRA_CA_CERTS: __, ...env } = side.options.env ?? process.env;
  return timed(process.execPath, side.args, { ...side.options, env });
}

// The same run once more, untimed, recording every query and script its connections are sent.
const statementLog = join(work, "athanor-statements.json");
const athanorRecord = athanorApply
  .replace(
    "const [file, n] = process.argv.slice(1);",
    "const [file, n, log] = process.argv.slice(1);\nconst calls = [];",
  )
  .replace(
    'const result = await upgrade({ dialect: sqliteDialect({ file }), revisions }, "heads");',
    `const dialect = sqliteDialect({ file });
const recorded = { ...dialect, async connect() {
  const conn = await dialect.connect();
  return { ...conn,
    query: (sql, params = []) => { calls.push({ sql, params }); return conn.query(sql, params); },
    executeScript: (script) => { calls.push({ script: [...script] }); return conn.executeScript(script); } };
} };
const result = await upgrade({ dialect: recorded, revisions }, "heads");
(await import("node:fs")).writeFileSync(log, JSON.stringify(calls));`,
  );
if (!athanorRecord.includes("recorded") || !athanorRecord.includes("calls = []"))
  throw new Error("apply-sqlite.mjs: the recording run no longer matches athanorApply's text");
timed(process.execPath, [
  "--input-type=module",
  "-e",
  athanorRecord,
  join(work, "recorded.db"),
  String(N),
  statementLog,
]);
const betterSqlite3 = createRequire(join(root, "packages/sqlite/package.json")).resolve("better-sqlite3");
const replayStatements = `
const Database = (await import(${JSON.stringify(betterSqlite3)})).default;
const [file, log] = process.argv.slice(1);
const calls = JSON.parse((await import("node:fs")).readFileSync(log, "utf8"));
const db = new Database(file, { timeout: 5000 });
db.exec("PRAGMA foreign_keys = OFF"); // as athanor's migration session runs (sqliteDialect's connect)
for (const c of calls) {
  if (c.script !== undefined) for (const sql of c.script) db.exec(sql);
  else { const st = db.prepare(c.sql); if (st.reader) st.all(...c.params); else st.run(...c.params); }
}
db.close();
`;
function replayAthanorStatements(run) {
  const file = join(work, `replay-${run}.db`);
  const side = nodeSide("replay-athanor", [
    "--input-type=module",
    "-e",
    replayStatements,
    file,
    statementLog,
  ]);
  return timed(process.execPath, side.args, side.options);
}
// The shell's own statements, one transaction each, through better-sqlite3 from Node: no runner,
// no bookkeeping, no foreign key check (foreign keys off, as in the shell).
const replayShell = `
const Database = (await import(${JSON.stringify(betterSqlite3)})).default;
const { table } = await import(${JSON.stringify(new URL("sqlite-bench-table.mjs", import.meta.url).href)});
const [file, n] = process.argv.slice(1);
const db = new Database(file, { timeout: 5000 });
db.exec("PRAGMA foreign_keys = OFF");
for (let i = 0; i < Number(n); i++) db.exec("BEGIN IMMEDIATE;\\n" + table(i) + ";\\nCOMMIT;");
db.close();
`;
function replayShellStatements(run) {
  const file = join(work, `node-floor-${run}.db`);
  const side = nodeSide("replay-shell", ["--input-type=module", "-e", replayShell, file, String(N)]);
  return timed(process.execPath, side.args, side.options);
}
const floorSql = join(work, "floor.sql");
writeFileSync(
  floorSql,
  Array.from({ length: N }, (_, i) => `BEGIN IMMEDIATE;\n${table(i)};\nCOMMIT;\n`).join(""),
);
function applyFloor(run) {
  const file = join(work, `floor-${run}.db`);
  return timed("sqlite3", [file, `.read ${floorSql}`]);
}
// The same SQL athanor sends: its `upgrade --sql` script, run by the shell (-bail: stop at an error).
// Not in it: the lock table's two commits (taken and released) and three reads, which athanor's
// online run adds; the history rows take CURRENT_TIMESTAMP and NULL durations (online: literal
// times and a duration from SQLite's clock).
const upgradeSql = join(work, "upgrade.sql");
writeFileSync(upgradeSql, await upgradeSqlScript({ root, dir: join(work, "sql-project"), n: N }));
function applySqlFloor(run) {
  const file = join(work, `sql-floor-${run}.db`);
  const t = timed("sqlite3", ["-bail", file, `.read ${upgradeSql}`]);
  const check = spawnSync("sqlite3", [file, 'SELECT count(*) FROM "athanor_version_history"'], {
    encoding: "utf8",
  });
  if (check.stdout.trim() !== String(N))
    throw new Error(`the shell's --sql run left ${check.stdout} history rows`);
  return t;
}

// drizzle-kit 0.31's folder: meta/_journal.json and one NNNN_tag.sql per migration
const drizzleDir = join(work, "drizzle-project");
mkdirSync(join(drizzleDir, "drizzle/meta"), { recursive: true });
symlinkSync(join(root, "packages/drizzle/node_modules"), join(drizzleDir, "node_modules"), "dir");
const entries = Array.from({ length: N }, (_, i) => {
  const tag = `${String(i).padStart(4, "0")}_t${i}`;
  writeFileSync(join(drizzleDir, "drizzle", `${tag}.sql`), `${table(i)};\n`);
  return { idx: i, version: "6", when: 1_700_000_000_000 + i, tag, breakpoints: true };
});
writeFileSync(
  join(drizzleDir, "drizzle/meta/_journal.json"),
  JSON.stringify({ version: "7", dialect: "sqlite", entries }),
);
function applyDrizzleKit(run) {
  writeFileSync(
    join(drizzleDir, "drizzle.config.mjs"),
    `export default { dialect: "sqlite", out: "./drizzle", dbCredentials: { url: ${JSON.stringify(join(work, `drizzle-${run}.db`))} } };\n`,
  );
  const bin = join(root, "packages/drizzle/node_modules/.bin/drizzle-kit");
  return timed(bin, ["migrate", "--config", "drizzle.config.mjs"], { cwd: drizzleDir });
}

// --- 2. a rebuild of ROWS rows ------------------------------------------------------------------
const seed = join(work, "seed.db");
timed("sqlite3", [
  seed,
  `CREATE TABLE "big" ("id" integer NOT NULL, "payload" text NOT NULL DEFAULT ('x'), "n" integer, CONSTRAINT "big_pkey" PRIMARY KEY ("id"));
   INSERT INTO big (id, payload, n) WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < ${ROWS}) SELECT v, hex(randomblob(32)), v % 97 FROM s;`,
]);
const athanorRebuild = `
const { defineRevision, upgrade, stamp } = await import(${JSON.stringify(dist("core"))});
const { sqliteDialect } = await import(${JSON.stringify(dist("sqlite"))});
const [file] = process.argv.slice(1);
const revisions = [defineRevision({ id: "r1", parents: [],
  upgrade: (op) => op.alterColumn("big", "payload", { default: "'y'", existingDefault: "'x'" }),
  downgrade: (op) => op.alterColumn("big", "payload", { default: "'x'", existingDefault: "'y'" }) })];
const result = await upgrade({ dialect: sqliteDialect({ file }), revisions }, "heads");
if (result.error) { console.error(result.error.message); process.exit(1); }
`;
function rebuildAthanor(run) {
  const file = join(work, `rebuild-athanor-${run}.db`);
  copyFileSync(seed, file);
  return timed(process.execPath, ["--input-type=module", "-e", athanorRebuild, file]);
}
function rebuildFloor(run) {
  const file = join(work, `rebuild-floor-${run}.db`);
  copyFileSync(seed, file);
  return timed("sqlite3", [
    file,
    `PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;
     CREATE TABLE "big_new" ("id" integer NOT NULL, "payload" text NOT NULL DEFAULT ('y'), "n" integer, CONSTRAINT "big_pkey" PRIMARY KEY ("id"));
     INSERT INTO "big_new" ("id", "payload", "n") SELECT "id", "payload", "n" FROM "big";
     DROP TABLE "big"; ALTER TABLE "big_new" RENAME TO "big"; PRAGMA foreign_key_check; COMMIT;`,
  ]);
}

const rows = [];
/**
 * --runs runs of each side, interleaved run by run (athanor, floor, other; then again), so a load
 * that comes and goes during the benchmark reaches every side alike. `floor`: a function to
 * measure, or the figures of one measured already. A failing `other` is reported, not retried.
 * `alsoFloor`: a second floor, measured in the same rounds, with rows of its own against athanor
 * (and `alsoAthanor`).
 */
const measure = (run, athanor, floor, other, alsoAthanor, alsoFloor) => {
  const a = [];
  const f = [];
  const d = [];
  const e = [];
  const g = [];
  let failed = "";
  for (let i = 0; i < RUNS; i++) {
    a.push(athanor(i));
    if (alsoAthanor !== undefined) e.push(alsoAthanor.run(i));
    if (typeof floor === "function") f.push(floor(i));
    if (alsoFloor !== undefined) g.push(alsoFloor.run(i));
    if (other === undefined || failed !== "") continue;
    try {
      d.push(other(i));
    } catch (error) {
      failed = String(error.message).split("\n")[0].slice(0, 120);
    }
  }
  const floorFigures = typeof floor === "function" ? best(f) : floor;
  rows.push({ run, a: best(a), f: floorFigures, d: failed === "" && d.length > 0 ? best(d) : null, failed });
  if (alsoFloor !== undefined)
    rows.push({ run: `${run}, ${alsoFloor.label}`, a: best(a), f: best(g), d: null, failed: "" });
  if (alsoAthanor !== undefined)
    rows.push({ run: alsoAthanor.label, a: best(e), f: floorFigures, d: null, failed: "" });
  if (alsoAthanor !== undefined && alsoFloor !== undefined)
    rows.push({
      run: `${alsoAthanor.label}, ${alsoFloor.label}`,
      a: best(e),
      f: best(g),
      d: null,
      failed: "",
    });
};
measure(
  `${N} revisions → a new file`,
  applyAthanor,
  applyFloor,
  applyDrizzleKit,
  extraCa === undefined
    ? undefined
    : {
        label: `${N} revisions, athanor with NODE_EXTRA_CA_CERTS unset (same runs, interleaved)`,
        run: applyAthanorWithoutCa,
      },
  {
    label: "the floor = the shell running athanor's `upgrade --sql` script (the same SQL)",
    run: applySqlFloor,
  },
);
const [bareFloor, sameSqlFloor] = [rows[0].f, rows[1].f];
measure(
  `${N} revisions: athanor's statements replayed by Node + better-sqlite3 (no runner)`,
  replayAthanorStatements,
  bareFloor,
);
measure(
  `${N} revisions: the shell's statements replayed by Node + better-sqlite3 (no athanor)`,
  replayShellStatements,
  bareFloor,
);
measure(`rebuild of ${ROWS.toLocaleString("en")} rows (a default change)`, rebuildAthanor, rebuildFloor);
// For scale: a Node process that does nothing, as every Node side above starts. NODE_EXTRA_CA_CERTS
// makes each one read and parse that CA bundle at start (none for the shell): said beside the
// figures, and the start without it measured, so the ratio can be read.
const nodeStart = best(Array.from({ length: RUNS }, () => timed(process.execPath, ["-e", "0"])));
const nodeStartWithoutCa =
  extraCa === undefined
    ? undefined
    : best(Array.from({ length: RUNS }, () => timed(process.execPath, ["-e", "0"], { env: withoutCa })));
// --io: one more run of each side under strace (untimed): what a revision's commit writes and syncs.
const io =
  values.io !== true
    ? []
    : [
        ["sqlite3 shell", "sqlite3", (f) => [f, `.read ${floorSql}`]],
        ["sqlite3 shell, athanor's `upgrade --sql`", "sqlite3", (f) => ["-bail", f, `.read ${upgradeSql}`]],
        [
          "Node + better-sqlite3, the shell's statements",
          process.execPath,
          (f) => ["--input-type=module", "-e", replayShell, f, String(N)],
        ],
        ["athanor", process.execPath, (f) => ["--input-type=module", "-e", athanorApply, f, String(N)]],
      ].map(([side, cmd, args], i) => {
        const file = join(work, `io-${i}.db`);
        return { side, file, io: commitIo(cmd, args(file), join(work, `io-${i}.trace`)) };
      });
// --callgrind: one run of each Node side under callgrind: instructions in all and inside exec
function instructions(cmd, args, label) {
  const out = join(work, `callgrind-${label}.out`);
  const r = spawnSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, cmd, ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error !== undefined || r.status !== 0) return undefined;
  const total = Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(out, "utf8"))?.[1]);
  const annotated = spawnSync("callgrind_annotate", ["--inclusive=yes", out], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = annotated.stdout?.split("\n").find((l) => l.includes("Database::JS_exec"));
  const exec = line === undefined ? Number.NaN : Number(line.trim().split(/\s+/)[0].replaceAll(",", ""));
  return { total, exec };
}
const callgrind =
  values.callgrind !== true
    ? []
    : [
        ["athanor", ["--input-type=module", "-e", athanorApply, join(work, "cg-athanor.db"), String(N)]],
        [
          "athanor's statements replayed",
          ["--input-type=module", "-e", replayStatements, join(work, "cg-replay.db"), statementLog],
        ],
        [
          "the shell's statements replayed",
          ["--input-type=module", "-e", replayShell, join(work, "cg-shell.db"), String(N)],
        ],
      ].map(([side, args], i) => ({ side, counts: instructions(process.execPath, args, String(i)) }));
// --exec-time: each side's runs, as the preload appended them
const execTimes =
  values["exec-time"] !== true
    ? []
    : [
        ["athanor", "athanor"],
        ["athanor's statements replayed", "replay-athanor"],
        ["the shell's statements replayed", "replay-shell"],
      ].map(([label, side]) => ({
        label,
        runs: readFileSync(execTimeFile(side), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line)),
      }));
rmSync(work, { recursive: true, force: true });

const s = (ms) => (ms / 1000).toFixed(2);
const x = (a, b) => `${(a / b).toFixed(2)}×`;
const cpuOf = (t) => (t?.cpu === undefined ? "–" : s(t.cpu));
process.stdout.write(
  `SQLite ${shell.stdout.split(" ")[0]} shell vs athanor (better-sqlite3), best of ${RUNS}; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}${lab === undefined ? "" : `; ${lab.label}`}\n\n`,
);
process.stdout.write(
  "| run | athanor (s) | sqlite3 shell (s) | ratio | drizzle-kit migrate (s) | CPU athanor / shell / drizzle-kit (s) |\n|---|---|---|---|---|---|\n",
);
for (const r of rows)
  process.stdout.write(
    `| ${r.run} | ${s(r.a.wall)} | ${s(r.f.wall)} | ${(r.a.wall / r.f.wall).toFixed(2)} | ${r.d === null ? (r.failed ? `failed: ${r.failed.replaceAll("|", "/")}` : "–") : s(r.d.wall)} | ${cpuOf(r.a)} / ${cpuOf(r.f)} / ${cpuOf(r.d)} |\n`,
  );
process.stdout.write(
  `\nApply of ${N}: athanor ${s(rows[0].a.wall)} s against the bare floor (the shell, the CREATE TABLEs alone) ${s(bareFloor.wall)} s = ${x(rows[0].a.wall, bareFloor.wall)}; ` +
    `against the same SQL (the shell running athanor's \`upgrade --sql\`) ${s(sameSqlFloor.wall)} s = ${x(rows[0].a.wall, sameSqlFloor.wall)}; ` +
    `the same SQL over the bare floor ${x(sameSqlFloor.wall, bareFloor.wall)} (CPU ${cpuOf(sameSqlFloor)} vs ${cpuOf(bareFloor)} s).\n`,
);
process.stdout.write(
  `\nFor scale: \`node -e 0\` ${s(nodeStart.wall)} s (CPU ${cpuOf(nodeStart)} s)${
    nodeStartWithoutCa === undefined
      ? "; NODE_EXTRA_CA_CERTS is not set"
      : `, with NODE_EXTRA_CA_CERTS=${extraCa} as here; ${s(nodeStartWithoutCa.wall)} s (CPU ${cpuOf(nodeStartWithoutCa)} s) without it`
  }.\n`,
);
if (io.length > 0) {
  const per = (n) => (n / N).toFixed(1);
  process.stdout.write(
    `\nWhat each revision's commit writes and syncs (strace, one run each, totals / ${N}; a page is a 4,096-byte pwrite64):\n\n` +
      "| side | journal pages | database pages | pwrite64 calls | fsync | fdatasync |\n|---|---|---|---|---|---|\n",
  );
  for (const { side, file, io: r } of io) {
    if (r === undefined) {
      process.stdout.write(`| ${side} | strace is missing or not allowed here | | | | |\n`);
      continue;
    }
    const of = (name) => r.byFile.get(name) ?? { writes: 0, pages: 0 };
    const writes = [...r.byFile.values()].reduce((sum, f) => sum + f.writes, 0);
    const [db, journal] = [of(basename(file)), of(`${basename(file)}-journal`)];
    process.stdout.write(
      `| ${side} | ${per(journal.pages)} | ${per(db.pages)} | ${per(writes)} | ${per(r.fsync)} | ${per(r.fdatasync)} |\n`,
    );
  }
}
if (callgrind.length > 0) {
  const g = (n) => (n / 1e6).toFixed(1);
  process.stdout.write(
    `\nInstructions (callgrind, one run each, all threads; M), ${N} revisions:\n\n` +
      "| side | whole process | inside better-sqlite3's exec | outside it |\n|---|---|---|---|\n",
  );
  for (const { side, counts } of callgrind)
    process.stdout.write(
      counts === undefined
        ? `| ${side} | valgrind is missing or failed here | | |\n`
        : `| ${side} | ${g(counts.total)} | ${g(counts.exec)} | ${g(counts.total - counts.exec)} |\n`,
    );
}
if (execTimes.length > 0) {
  // by kind, the run with the least total: whether the same statements take longer on one side
  const kinds = ["begin", "revision", "version", "history", "commit", "whole"];
  process.stdout.write(
    "\nTime inside better-sqlite3's exec (SQLite's work and the COMMITs' syncs), ms per run, in run order; then the least run by statement " +
      "(BEGIN, the revision's own statements, the version row, the history row, the foreign key check + COMMIT; `whole`: a revision sent as one exec):\n\n" +
      `| side | runs | least | ${kinds.join(" | ")} |\n|---|---|---|${kinds.map(() => "---|").join("")}\n`,
  );
  for (const { label, runs } of execTimes) {
    const least = runs.reduce((a, b) => (b.total < a.total ? b : a));
    process.stdout.write(
      `| ${label} | ${runs.map((r) => r.total.toFixed(0)).join(" / ")} | ${least.total.toFixed(0)} | ${kinds.map((k) => (least[k] === 0 ? "–" : least[k].toFixed(1))).join(" | ")} |\n`,
    );
  }
  // the same calls' CPU time (user + system of the process while inside exec): the wall sums above
  // take in the waits for a core on a loaded machine, these much less
  process.stdout.write(
    "\nThe same calls' CPU time (user + system, ms), the least run by CPU:\n\n" +
      `| side | runs | least | ${kinds.join(" | ")} |\n|---|---|---|${kinds.map(() => "---|").join("")}\n`,
  );
  for (const { label, runs } of execTimes) {
    const least = runs.reduce((a, b) => (b.cpu.total < a.cpu.total ? b : a)).cpu;
    process.stdout.write(
      `| ${label} | ${runs.map((r) => r.cpu.total.toFixed(0)).join(" / ")} | ${least.total.toFixed(0)} | ${kinds.map((k) => (least[k] === 0 ? "–" : least[k].toFixed(1))).join(" | ")} |\n`,
    );
  }
}
