#!/usr/bin/env node
// 1,000 small revisions applied base → head and back on MariaDB through @athanor/mysql, next to
// the `mariadb` command-line client executing SQL of the same revisions, and a no-op
// `upgrade heads` on an up-to-date database. Two floors, labelled:
// - the revisions' SQL as athanor renders it offline (`renderSql`, what `upgrade --sql` prints):
//   every revision's DDL with its version-table and history rows, each revision's bookkeeping in
//   its own transaction — the floor of one transaction per revision (issue 21);
// - the DDL alone, one script, no bookkeeping at all (each MariaDB DDL statement commits by
//   itself): a lower bound that no tool recording what it applied can reach.
// BENCH_ROUNDS (default 3) interleaved rounds, each side once a round (bench/interleave.mjs): the
// table keeps each side's fastest run, and below it each round's ratios with median and spread.
// Needs the packages built (`pnpm build`) and the server at ATHANOR_TEST_MYSQL_URL (default
// mysql://root@127.0.0.1:3306/test).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { roundOrder, spreadLines } from "./interleave.mjs";

/** Holds the server's innodb_max_dirty_pages_pct while a clean start has it at 0. */
const DIRTY_PCT_FILE = fileURLToPath(new URL(".out/apply-mysql-dirty-pct", import.meta.url));
const require = createRequire(fileURLToPath(new URL("../packages/mysql/package.json", import.meta.url)));
const core = await import(require.resolve("@athanor/core"));
const { mysqlDialect, openMysqlConnection, renderMysql } = await import(
  new URL("../packages/mysql/dist/index.js", import.meta.url).href
);

const COUNT = Number(process.env.BENCH_REVISIONS ?? 1000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const base = new URL(process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
const database = `athanor_bench_${process.pid}`;
const url = new URL(base);
url.pathname = `/${database}`;

const id = (n) => `b${String(n).padStart(4, "0")}`;
const upOps = (n) => [
  core.operations.createTable(`t${n}`, {
    columns: [
      { name: "id", type: "int", nullable: false },
      { name: "v", type: "varchar(40)" },
    ],
    primaryKey: ["id"],
  }),
];
// Marked op-calls-only, as the CLI marks a literal revision file it evaluates (what `athanor
// revision` writes): the runner prepares revision N+1 while the server runs N, as it does for them.
const revisions = Array.from({ length: COUNT }, (_, n) =>
  core.defineRevision({
    id: id(n),
    parents: n === 0 ? [] : [id(n - 1)],
    upgrade: core.markOpCallsOnly(
      (op) =>
        void op.createTable(`t${n}`, {
          columns: [
            { name: "id", type: "int", nullable: false },
            { name: "v", type: "varchar(40)" },
          ],
          primaryKey: ["id"],
        }),
    ),
    downgrade: core.markOpCallsOnly((op) => void op.dropTable(`t${n}`)),
  }),
);

const admin = await openMysqlConnection({ url: base.toString() });
const reset = () =>
  admin.executeScript([`DROP DATABASE IF EXISTS \`${database}\``, `CREATE DATABASE \`${database}\``]);
const time = async (fn) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};
const client = (sql) => {
  const args = [
    "-h",
    base.hostname,
    "-P",
    base.port || "3306",
    "-u",
    decodeURIComponent(base.username || "root"),
    database,
  ];
  if (base.password) args.push(`-p${decodeURIComponent(base.password)}`);
  const run = spawnSync("mariadb", args, { input: sql, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`mariadb client failed: ${run.stderr}`);
};

/**
 * InnoDB's nearest to PostgreSQL's CHECKPOINT before a run: tables closed, and the buffer pool's
 * dirty pages written (innodb_max_dirty_pages_pct 0 until none is left, at most 10 s on a server
 * others are writing to, then set back). Returns the dirty pages left.
 */
async function cleanStart() {
  await admin.executeScript(["FLUSH TABLES"]);
  const [{ pct }] = (await admin.query("SELECT @@GLOBAL.innodb_max_dirty_pages_pct AS pct")).rows;
  // Written before the server is changed: a run killed before the `finally` leaves this file, and
  // the next run puts the server's value back (restoreDirtyPagesPct) instead of keeping 0.
  mkdirSync(dirname(DIRTY_PCT_FILE), { recursive: true });
  writeFileSync(DIRTY_PCT_FILE, String(Number(pct)));
  await admin.executeScript(["SET GLOBAL innodb_max_dirty_pages_pct = 0"]);
  try {
    const deadline = performance.now() + 10_000;
    for (;;) {
      const [status] = (await admin.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'")).rows;
      const dirty = Number(status.Value ?? status.value);
      if (dirty === 0 || performance.now() > deadline) return dirty;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.executeScript([`SET GLOBAL innodb_max_dirty_pages_pct = ${Number(pct)}`]);
    rmSync(DIRTY_PCT_FILE, { force: true });
  }
}

/** Puts back the value an earlier, killed run left at 0 (see cleanStart). */
async function restoreDirtyPagesPct() {
  let saved;
  try {
    saved = Number(readFileSync(DIRTY_PCT_FILE, "utf8"));
  } catch {
    return;
  }
  if (!Number.isFinite(saved) || saved <= 0) return;
  await admin.executeScript([`SET GLOBAL innodb_max_dirty_pages_pct = ${saved}`]);
  rmSync(DIRTY_PCT_FILE, { force: true });
  console.error(
    `apply-mysql: an earlier run was stopped mid-flush; innodb_max_dirty_pages_pct set back to ${saved}`,
  );
}

try {
  await restoreDirtyPagesPct();
  await reset();
  const options = { dialect: mysqlDialect({ url: url.toString() }), revisions };
  // Floor 1: athanor's own offline rendering of the same plan, bookkeeping included.
  const script = async (direction, range) =>
    `${(await core.renderSql(options, { direction, range })).statements.join(";\n")};`;
  const bookedUp = await script("upgrade", "base:heads");
  const bookedDown = await script("downgrade", "heads:base");
  // Floor 2: the same DDL without athanor's bookkeeping, one script.
  const upSql = revisions.flatMap((_, n) => upOps(n).flatMap((op) => renderMysql(op))).join(";\n");
  const downSql = revisions
    .flatMap((_, n) => renderMysql(core.operations.dropTable(`t${COUNT - 1 - n}`)))
    .join(";\n");

  // Rounds: each side applies to a fresh database and reverts from the head it made, each run
  // after cleanStart(); the order is reversed every other round (bench/interleave.mjs). athanor
  // runs in this process, so its first round may run cold JIT code.
  const sides = {
    booked: { up: () => client(bookedUp), down: () => client(bookedDown) },
    athanor: {
      async up() {
        const r = await core.upgrade(options, "heads");
        if (r.error) throw new Error(r.error.message);
      },
      async down() {
        const r = await core.downgrade(options, "base");
        if (r.error) throw new Error(r.error.message);
      },
    },
    bare: { up: () => client(`${upSql};`), down: () => client(`${downSql};`) },
  };
  const rounds = [];
  const noops = [];
  let dirtyLeft = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const round = { order: roundOrder(["booked", "athanor", "bare"], i), up: {}, down: {} };
    for (const side of round.order) {
      await reset();
      dirtyLeft = Math.max(dirtyLeft, await cleanStart());
      round.up[side] = await time(sides[side].up);
      if (side === "athanor") noops.push(await time(() => core.upgrade(options, "heads")));
      dirtyLeft = Math.max(dirtyLeft, await cleanStart());
      round.down[side] = await time(sides[side].down);
    }
    rounds.push(round);
  }
  const best = (direction, side) => Math.min(...rounds.map((r) => r[direction][side]));

  const rows = [
    ["base → head", best("up", "athanor"), best("up", "booked"), best("up", "bare")],
    ["head → base", best("down", "athanor"), best("down", "booked"), best("down", "bare")],
    ["no-op upgrade heads", Math.min(...noops), null, null],
  ];
  const cell = (c) => (c === null ? "–" : c.toFixed(2));
  const ratio = (a, c) => (c === null ? "–" : `${(a / c).toFixed(2)}×`);
  console.log(`MariaDB, ${COUNT} revisions of one CREATE/DROP TABLE each, best of ${ROUNDS}\n`);
  console.log(
    "| run | athanor (s) | client, `--sql` script: tx per revision with bookkeeping (s) | ratio | client, DDL alone, no bookkeeping (s) | ratio |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [name, a, booked, bare] of rows) {
    console.log(
      `| ${name} | ${a.toFixed(2)} | ${cell(booked)} | ${ratio(a, booked)} | ${cell(bare)} | ${ratio(a, bare)} |`,
    );
  }
  console.log(
    "\nInterleaved pairs: each round runs the client's `--sql` script, athanor and the bare DDL, the order " +
      "reversed every other round, each on a fresh database (a revert from the head its apply made) after " +
      `FLUSH TABLES and a flush of InnoDB's dirty pages (at most ${dirtyLeft} left dirty at a run's start).\n`,
  );
  console.log("| round | run | order | athanor (s) | `--sql` script (s) | ratio | DDL alone (s) | ratio |");
  console.log("|---:|---|---|---:|---:|---:|---:|---:|");
  rounds.forEach((round, i) => {
    for (const direction of ["up", "down"]) {
      const { athanor: a, booked, bare } = round[direction];
      console.log(
        `| ${i + 1} | ${direction === "up" ? "base → head" : "head → base"} | ${round.order.join(", ")} | ${a.toFixed(2)} | ${booked.toFixed(2)} | ${ratio(a, booked)} | ${bare.toFixed(2)} | ${ratio(a, bare)} |`,
      );
    }
  });
  console.log("");
  for (const line of spreadLines(
    "MariaDB",
    rounds,
    [
      ["up", "base → head"],
      ["down", "head → base"],
    ],
    [
      ["booked", "client `--sql` script"],
      ["bare", "DDL alone"],
    ],
  ))
    console.log(line);
} finally {
  await admin.executeScript([`DROP DATABASE IF EXISTS \`${database}\``]).catch(() => undefined);
  await admin.close();
}
