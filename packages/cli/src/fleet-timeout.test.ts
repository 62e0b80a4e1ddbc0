import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { postgresDialect } from "@athanor/postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// `--target-timeout` cancels the running statement on the server (pg_cancel_backend, KILL QUERY),
// checks that it is gone, and says what was applied. A revision r5 after the fleet project's four
// writes something, then sleeps for a minute. PostgreSQL 15: a database of this file
// (athanor_cli_fleettmo_*), schemas fleettmo_*; MariaDB 10.11: databases fleettmo_m*.
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const MARIA = ["fleettmo_m1", "fleettmo_m2"];
let pg: Awaited<ReturnType<typeof postgresBackend>>;
let admin: Connection;
let maria: Connection;

const slowRevision = (sleep: string) => `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r5", parents: ["r4"], message: "slow",
  upgrade(op) {
    op.execute("INSERT INTO users (id, email) VALUES (99, 'slow@example.com')");
    op.execute("${sleep}");
  },
  downgrade(op) { op.execute("DELETE FROM users WHERE id = 99"); },
});
`;

beforeAll(async () => {
  pg = await postgresBackend("fleettmo");
  admin = await postgresDialect({ url: pg.url }).connect();
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript(
    MARIA.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
  );
}, 120_000);
afterAll(async () => {
  await maria?.executeScript(MARIA.map((d) => `DROP DATABASE IF EXISTS \`${d}\``));
  await maria?.close();
  await admin?.close();
  await pg?.dispose();
});

interface TimeoutRecord {
  readonly target: string;
  readonly status: string;
  readonly after: readonly string[];
  readonly error: { readonly code: string; readonly message: string; readonly meta: Record<string, unknown> };
}

async function timedOutFleet(project: string, sleep: string): Promise<readonly TimeoutRecord[]> {
  const ready = await runCli(project, ["upgrade", "r4", "--fleet"]);
  expect(ready.code, ready.stderr).toBe(0);
  writeFileSync(join(project, "migrations/versions/r5_slow.mjs"), slowRevision(sleep));
  const run = await runCli(project, [
    "upgrade",
    "--fleet",
    "--concurrency",
    "2",
    "--target-timeout",
    "1.5",
    "--json",
  ]);
  expect(run.code, run.stderr).toBe(1);
  return JSON.parse(run.stdout).records;
}

function expectCancelledNothingApplied(records: readonly TimeoutRecord[]): void {
  for (const record of records) {
    expect(record).toMatchObject({
      status: "failed",
      after: ["r4"],
      error: { code: "ATHANOR_FLEET_TIMEOUT" },
    });
    expect(record.error.meta).toMatchObject({
      cancelled: true,
      statementGone: true,
      applied: [],
      nothingApplied: true,
    });
    expect(record.error.message).toContain(
      "its running statement was cancelled on the server, and no statement of it runs there any more; nothing applied (r5 rolled back)",
    );
  }
}

test("PostgreSQL schemas: pg_sleep is cancelled on the server, the revision rolled back, nothing applied", async () => {
  const tenants = ["fleettmo_a", "fleettmo_b"];
  await admin.executeScript(
    tenants.flatMap((t) => [`DROP SCHEMA IF EXISTS ${t} CASCADE`, `CREATE SCHEMA ${t}`]),
  );
  const project = writeFleetProject({ url: pg.url, fleets: { tenants: { schemas: tenants } } });
  const records = await timedOutFleet(project, "SELECT pg_sleep(60)");
  expect(records.map((r) => r.target)).toEqual(tenants);
  expectCancelledNothingApplied(records);
  // on the server: no sleep left running, nothing of r5 kept
  const sleeping = await admin.query(
    "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'",
  );
  expect(sleeping.rows).toEqual([]);
  for (const t of tenants) {
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${t}.users WHERE id = 99`)).rows).toEqual([
      { n: 0 },
    ]);
    expect((await admin.query(`SELECT version_num FROM ${t}.athanor_version`)).rows).toEqual([
      { version_num: "r4" },
    ]);
  }
}, 240_000);

test("MariaDB databases: SLEEP() is killed with KILL QUERY, the revision rolled back, nothing applied", async () => {
  const project = writeFleetProject({ url: MYSQL, fleets: { maria: { schemas: MARIA } } });
  const records = await timedOutFleet(project, "SELECT SLEEP(60)");
  expectCancelledNothingApplied(records);
  const sleeping = await maria.query(
    "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%' AND COMMAND = 'Query'",
  );
  expect(sleeping.rows).toEqual([]);
  for (const d of MARIA) {
    expect((await maria.query(`SELECT id FROM \`${d}\`.users WHERE id = 99`)).rows).toEqual([]);
    expect((await maria.query(`SELECT version_num FROM \`${d}\`.athanor_version`)).rows).toEqual([
      { version_num: "r4" },
    ]);
  }
}, 240_000);
