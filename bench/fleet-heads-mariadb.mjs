#!/usr/bin/env node
// The no-op fleet run's bulk heads read on MariaDB (issue 20): T tenant databases at head, the
// fleet run at head K times, with the one-query read (mariadbFleetHeadsSql: a compound statement
// that builds the UNION server-side) and with the two-step read (information_schema.TABLES, then
// UNION ALL per 200 tenants) in the same process. Reports queries sent by the read, this process's
// CPU time per run (process.cpuUsage) and mariadbd's (/proc) — wall time is noise on a shared box.
//
//   node bench/fleet-heads-mariadb.mjs [--tenants 500] [--runs 5]
// Needs `pnpm run build`. Databases bench_heads_* are created and dropped.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

// the built packages, as the other benches load them (bench/ is not a workspace package)
const dist = (pkg) => new URL(`../packages/${pkg}/dist/index.js`, import.meta.url).href;
const { defineRevision, schemaTargets, upgradeFleet } = await import(dist("core"));
const { mysqlDialect, openMysqlConnection } = await import(dist("mysql"));

const { values } = parseArgs({
  options: { tenants: { type: "string", default: "500" }, runs: { type: "string", default: "5" } },
});
const tenants = Number(values.tenants);
const runs = Number(values.runs);
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const names = Array.from({ length: tenants }, (_, i) => `bench_heads_${String(i).padStart(4, "0")}`);
const q = (s) => `\`${s.replaceAll("`", "``")}\``;
const revisions = [
  defineRevision({ id: "h1", parents: [], upgrade: (op) => op.execute("SELECT 1"), downgrade: () => {} }),
];

const admin = await openMysqlConnection({ url: SERVER });
for (let at = 0; at < names.length; at += 50)
  await admin.executeScript(
    names
      .slice(at, at + 50)
      .flatMap((n) => [
        `DROP DATABASE IF EXISTS ${q(n)}`,
        `CREATE DATABASE ${q(n)}`,
        `CREATE TABLE ${q(n)}.athanor_version (version_num varchar(64) NOT NULL PRIMARY KEY) ENGINE=InnoDB`,
        `INSERT INTO ${q(n)}.athanor_version VALUES ('h1')`,
      ]),
  );

// The server's CPU time (utime + stime of mariadbd, read from /proc when this machine runs it):
// other clients of a shared server add to it, so compare the interleaved rows, not one.
const pidFile = (await admin.query("SELECT @@pid_file AS f")).rows[0]?.f;
function serverCpuMs() {
  try {
    const pid = readFileSync(String(pidFile), "utf8").trim();
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at 100 Hz
  } catch {
    return Number.NaN;
  }
}

// A dialect whose sessions count the queries they send (after the driver's own session set-up); `twoStep` hides the one-query read.
function counted(twoStep) {
  const base = mysqlDialect({ url: SERVER });
  let queries = 0;
  let sessions = 0;
  const dialect = Object.create(base, {
    connect: {
      value: async () => {
        sessions += 1;
        const conn = await base.connect();
        return {
          query: (sql, params) => {
            queries += 1;
            return conn.query(sql, params);
          },
          executeScript: (s) => {
            queries += 1;
            return conn.executeScript(s);
          },
          close: () => conn.close(),
        };
      },
    },
    ...(twoStep ? { fleetHeadsSql: { value: undefined } } : {}),
  });
  return { dialect, counts: () => ({ queries, sessions }) };
}

const rows = [];
for (const way of ["two-step", "one query", "two-step", "one query"]) {
  const { dialect, counts } = counted(way === "two-step");
  const cpu0 = process.cpuUsage();
  const server0 = serverCpuMs();
  for (let r = 0; r < runs; r++) {
    const fleet = await upgradeFleet({ revisions, targets: schemaTargets(dialect, names), concurrency: 8 });
    if (fleet.counts.unchanged !== tenants) throw new Error(`${way}: not every tenant was at head`);
  }
  const cpu = process.cpuUsage(cpu0);
  const server = serverCpuMs() - server0;
  const { queries, sessions } = counts();
  rows.push(
    `| ${way} | ${(queries / runs).toFixed(0)} | ${(sessions / runs).toFixed(0)} | ${((cpu.user + cpu.system) / 1000 / runs).toFixed(0)} ms | ${(server / runs).toFixed(0)} ms |`,
  );
}
await admin.executeScript(names.map((n) => `DROP DATABASE IF EXISTS ${q(n)}`));
await admin.close();
console.log(
  `${tenants} MariaDB tenant databases at head, fleet run at head ×${runs} each way (twice, interleaved)`,
);
console.log("| read | queries sent per run | sessions per run | client CPU per run | server CPU per run |");
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
