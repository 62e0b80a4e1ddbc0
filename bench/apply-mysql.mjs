#!/usr/bin/env node
// 1,000 small revisions applied base → head and back on MariaDB through @athanor/mysql, next to
// the `mariadb` command-line client executing SQL of the same revisions, and a no-op
// `upgrade heads` on an up-to-date database. Two floors, labelled:
// - the revisions' SQL as athanor renders it offline (`renderSql`, what `upgrade --sql` prints):
//   every revision's DDL with its version-table and history rows, each revision's bookkeeping in
//   its own transaction — the floor of one transaction per revision (issue 21);
// - the DDL alone, one script, no bookkeeping at all (each MariaDB DDL statement commits by
//   itself): a lower bound that no tool recording what it applied can reach.
// Needs the packages built (`pnpm build`) and the server at ATHANOR_TEST_MYSQL_URL (default
// mysql://root@127.0.0.1:3306/test).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(fileURLToPath(new URL("../packages/mysql/package.json", import.meta.url)));
const core = await import(require.resolve("@athanor/core"));
const { mysqlDialect, openMysqlConnection, renderMysql } = await import(
  new URL("../packages/mysql/dist/index.js", import.meta.url).href
);

const COUNT = Number(process.env.BENCH_REVISIONS ?? 1000);
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
const revisions = Array.from({ length: COUNT }, (_, n) =>
  core.defineRevision({
    id: id(n),
    parents: n === 0 ? [] : [id(n - 1)],
    upgrade: (op) =>
      void op.createTable(`t${n}`, {
        columns: [
          { name: "id", type: "int", nullable: false },
          { name: "v", type: "varchar(40)" },
        ],
        primaryKey: ["id"],
      }),
    downgrade: (op) => void op.dropTable(`t${n}`),
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

try {
  await reset();
  const options = { dialect: mysqlDialect({ url: url.toString() }), revisions };
  const up = await time(async () => {
    const r = await core.upgrade(options, "heads");
    if (r.error) throw new Error(r.error.message);
  });
  const noop = await time(() => core.upgrade(options, "heads"));
  const down = await time(async () => {
    const r = await core.downgrade(options, "base");
    if (r.error) throw new Error(r.error.message);
  });

  // Floor 1: athanor's own offline rendering of the same plan, bookkeeping included.
  const script = async (direction, range) =>
    `${(await core.renderSql(options, { direction, range })).statements.join(";\n")};`;
  const bookedUp = await script("upgrade", "base:heads");
  const bookedDown = await script("downgrade", "heads:base");
  await reset();
  const clientBookedUp = await time(() => client(bookedUp));
  const clientBookedDown = await time(() => client(bookedDown));

  // Floor 2: the same DDL without athanor's bookkeeping, one script.
  await reset();
  const upSql = revisions.flatMap((_, n) => upOps(n).flatMap((op) => renderMysql(op))).join(";\n");
  const downSql = revisions
    .flatMap((_, n) => renderMysql(core.operations.dropTable(`t${COUNT - 1 - n}`)))
    .join(";\n");
  const clientUp = await time(() => client(`${upSql};`));
  const clientDown = await time(() => client(`${downSql};`));

  const rows = [
    ["base → head", up, clientBookedUp, clientUp],
    ["head → base", down, clientBookedDown, clientDown],
    ["no-op upgrade heads", noop, null, null],
  ];
  const cell = (c) => (c === null ? "–" : c.toFixed(2));
  const ratio = (a, c) => (c === null ? "–" : `${(a / c).toFixed(2)}×`);
  console.log(`MariaDB, ${COUNT} revisions of one CREATE/DROP TABLE each\n`);
  console.log(
    "| run | athanor (s) | client, `--sql` script: tx per revision with bookkeeping (s) | ratio | client, DDL alone, no bookkeeping (s) | ratio |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [name, a, booked, bare] of rows) {
    console.log(
      `| ${name} | ${a.toFixed(2)} | ${cell(booked)} | ${ratio(a, booked)} | ${cell(bare)} | ${ratio(a, bare)} |`,
    );
  }
} finally {
  await admin.executeScript([`DROP DATABASE IF EXISTS \`${database}\``]).catch(() => undefined);
  await admin.close();
}
