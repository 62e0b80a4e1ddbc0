import { randomBytes } from "node:crypto";
import { type Connection, operations } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mariadbStageBackend } from "../testing/mariadb-stage-backend.js";
import type { StageBackend } from "../testing/stage-suite.js";
import { findUpgradeDependents } from "./find-upgrade-dependents.js";

// Autogenerate's dependents warning on MariaDB reads again while another session's DDL may rename
// a table it reads into place. It waits only for the check's table or a table with a trigger
// naming it now: an ALTER of an unrelated table (held here on a metadata lock, so it stays in the
// process list for as long as the test needs) no longer holds it for 10 s and leaves the check
// unasked. A user without the PROCESS privilege, who cannot see other users' DDL, is told so.
let backend: StageBackend;
let ddl: Connection;
let blocker: Connection;
const url = () => backend.env.DATABASE_URL as string;
const check = operations.requireNoDependents("users", ["mail"]);
beforeAll(async () => {
  backend = await mariadbStageBackend("dependents_target");
  ddl = await mysqlDialect({ url: url() }).connect();
  blocker = await mysqlDialect({ url: url() }).connect();
  await ddl.executeScript([
    "CREATE TABLE users (id int PRIMARY KEY, mail varchar(40))",
    "CREATE TRIGGER users_mail BEFORE UPDATE ON users FOR EACH ROW SET NEW.mail = LOWER(NEW.mail)",
    "CREATE TABLE logs (id int PRIMARY KEY, line text)",
  ]);
}, 60_000);
afterAll(async () => {
  await ddl?.close();
  await blocker?.close();
  await backend?.dispose();
});

const waiting = async (id: number) =>
  (
    await backend.query(
      `SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ${id} AND STATE = 'Waiting for table metadata lock'`,
    )
  ).length > 0;

test("an ALTER of a table the check does not read is not waited for, and nothing is warned with PROCESS", async () => {
  await blocker.query("START TRANSACTION");
  await blocker.query("SELECT * FROM logs LIMIT 1");
  const id = Number((await ddl.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id")).rows[0]?.id);
  const altered = ddl.query("ALTER TABLE logs ADD COLUMN extra int");
  altered.catch(() => undefined);
  try {
    while (!(await waiting(id))) await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await findUpgradeDependents(mysqlDialect({ url: url() }), [[{ check, live: check }]]);
    expect(result.unchecked).toEqual([]);
    expect(result.found.map((d) => d.name)).toEqual([expect.stringMatching(/\.users_mail$/)]);
    expect(result.warnings).toBeUndefined();
    expect(await waiting(id)).toBe(true);
  } finally {
    await blocker.query("COMMIT");
    await altered;
  }
}, 60_000);

test("a user without the PROCESS privilege is warned that other users' DDL is unseen, and still gets what it reads", async () => {
  const user = `athanor_np_${randomBytes(4).toString("hex")}`;
  const database = new URL(url()).pathname.slice(1);
  await ddl.executeScript([
    `CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'`,
    `GRANT ALL ON \`${database}\`.* TO '${user}'@'%'`,
  ]);
  try {
    const limited = new URL(url());
    limited.username = user;
    limited.password = "pw";
    const result = await findUpgradeDependents(mysqlDialect({ url: limited.toString() }), [
      [{ check, live: check }],
    ]);
    expect(result.warnings).toEqual([expect.stringContaining("lacks the PROCESS privilege")]);
    expect(result.found.map((d) => d.name)).toEqual([`${database}.users_mail`]);
  } finally {
    await ddl.query(`DROP USER '${user}'@'%'`);
  }
}, 60_000);
