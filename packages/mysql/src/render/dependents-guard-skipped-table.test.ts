import { type Connection, operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { upgradeOneRevision } from "../testing/one-revision-upgrade.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "../testing/scratch-database.js";
import { mysqlDependentsQuery } from "./dependents-guard.js";

// MariaDB's ER_WARN_I_S_SKIPPED_TABLE (1684), reproduced on the real server. A session that holds
// a metadata lock of its own — the runner always holds its migration lock, GET_LOCK, which is one
// — does not wait for a table another session's DDL holds exclusively: information_schema skips
// the table, and its triggers, with warning 1684 (sql_show.cc, can_deadlock). Another session's
// `ALTER TABLE … ALGORITHM=COPY, LOCK=EXCLUSIVE` holds that lock on the table while it copies the
// rows; `CREATE TABLE … SELECT SLEEP(n)` holds it on the new table for n seconds.
let db: ScratchMysqlDatabase;
let ddl: Connection;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  ddl = await mysqlDialect({ url: db.url }).connect();
  await db.connection.executeScript([
    "CREATE TABLE users (id int PRIMARY KEY, mail varchar(40), pad varchar(200))",
    // enough rows that copying them outlasts the check's first read (the copy's length is not asserted)
    "INSERT INTO users SELECT seq, CONCAT('m', seq), REPEAT('x', 200) FROM seq_1_to_60000",
    "CREATE TRIGGER users_mail BEFORE UPDATE ON users FOR EACH ROW SET NEW.mail = LOWER(NEW.mail)",
  ]);
}, 120_000);
afterAll(async () => {
  await ddl?.close();
  await db?.dispose();
});

const mariadb = mysqlDialect({ server: "mariadb" });
const guard = () => mariadb.render(o.requireNoDependents("users", ["mail"]));

/**
 * Sends `sql` on the DDL session and resolves once the server shows it in `state` (its lock held),
 * with the statement's own end in `done`.
 */
async function holding(sql: string, state: string): Promise<{ readonly done: Promise<unknown> }> {
  const id = Number((await ddl.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id")).rows[0]?.id);
  let settled = false;
  const running = ddl.query(sql).finally(() => {
    settled = true;
  });
  running.catch(() => undefined);
  for (;;) {
    const { rows } = await db.connection.query<{ state: string }>(
      `SELECT STATE AS state FROM information_schema.PROCESSLIST WHERE ID = ${id}`,
    );
    if (rows[0]?.state === state) return { done: running };
    if (settled)
      throw new Error(
        `${sql} ended before it was seen in state "${state}": the check could not start under its lock`,
      );
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const comDo = async () =>
  Number((await db.connection.query<{ Value: string }>("SHOW SESSION STATUS LIKE 'Com_do'")).rows[0]?.Value);

describe("the dependents check on MariaDB while another session's DDL holds a table", () => {
  it("a table skipped for a moment is read again: the trigger naming the dropped column is still found", async () => {
    await db.connection.query("SELECT GET_LOCK('athanor-test-skip', 0)");
    try {
      const altered = await holding(
        "ALTER TABLE users FORCE, ALGORITHM=COPY, LOCK=EXCLUSIVE",
        "copy to tmp table",
      );
      // the read the check makes skips `users` now, and with it the trigger
      await db.connection.query(
        `SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = '${db.name}'`,
      );
      const warnings = (await db.connection.query<{ Code: number; Message: string }>("SHOW WARNINGS")).rows;
      expect(warnings.map((w) => [w.Code, w.Message])).toContainEqual([
        1684,
        `Table '${db.name}'.'users' was skipped since its definition is being modified by concurrent DDL statement`,
      ]);
      const slept = await comDo();
      let message = "passed";
      for (const sql of guard()) await db.connection.query(sql).catch((e: Error) => (message = e.message));
      expect(message).toContain("Objects outside the models still name mail of `users`");
      expect(message).toContain(`[trigger ${db.name}.users_mail]`);
      // it slept and read again at least once (DO SLEEP(0.1) between reads)
      expect(await comDo()).toBeGreaterThan(slept);
      await altered.done;
    } finally {
      await db.connection.query("SELECT RELEASE_LOCK('athanor-test-skip')");
    }
  }, 120_000);

  it("no read of the check is cut short without a warning while another session's ALTER copies and renames the table into place", async () => {
    // Listed from the database's folder, the table is missing for a moment while the ALTER
    // renames the copy into place, and the server says nothing (tried on MariaDB 10.11): a read
    // then lacked the trigger and passed. Read by name, it is skipped with 1684 (and read again) or
    // complete.
    const read = mysqlDependentsQuery(o.requireNoDependents("users", ["mail"]));
    await db.connection.query("SELECT GET_LOCK('athanor-test-skip', 0)");
    const outcomes = new Map<string, number>();
    try {
      for (let round = 0; round < 4; round++) {
        let done = false;
        const altered = ddl.query("ALTER TABLE users FORCE, ALGORITHM=COPY, LOCK=EXCLUSIVE").finally(() => {
          done = true;
        });
        while (!done) {
          const { rows } = await db.connection.query<{ name: string }>(read);
          const skipped = (await db.connection.query<{ Code: number }>("SHOW WARNINGS")).rows.some(
            (w) => w.Code === 1684,
          );
          const found = rows.some((r) => r.name === `${db.name}.users_mail`);
          const outcome = found ? "complete" : skipped ? "skipped, warned" : "incomplete, no warning";
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
        await altered;
      }
    } finally {
      await db.connection.query("SELECT RELEASE_LOCK('athanor-test-skip')");
    }
    expect(outcomes.get("skipped, warned")).toBeGreaterThan(0);
    expect(outcomes.get("incomplete, no warning")).toBeUndefined();
  }, 120_000);

  it("a table held past 10 s fails the revision with the catalogue message, and nothing of it is applied", async () => {
    const created = await holding("CREATE TABLE held SELECT SLEEP(60) AS s", "User sleep");
    try {
      const run = await upgradeOneRevision(db.url, "v_skip", async (op) => {
        await op.requireNoDependents("users", ["mail"]);
        op.dropColumn("users", "mail");
      });
      expect(run.error?.message).toContain(
        "could not read the catalogue: DDL of another session kept a table locked, or kept altering or renaming tables of the database, for 10 s. Nothing of the revision was applied",
      );
    } finally {
      const id = Number(
        (
          await db.connection.query<{ id: unknown }>(
            "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'CREATE TABLE held%'",
          )
        ).rows[0]?.id,
      );
      if (Number.isInteger(id)) await db.connection.query(`KILL QUERY ${id}`);
      await created.done.catch(() => undefined);
    }
    // verified: the column is there, no version row, the history says the revision failed
    const columns = await db.connection.query<{ c: string }>(
      `SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${db.name}' AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION`,
    );
    expect(columns.rows.map((r) => r.c)).toEqual(["id", "mail", "pad"]);
    expect((await db.connection.query("SELECT * FROM v_skip")).rows).toEqual([]);
    const history = await db.connection.query<{ revision: string; status: string }>(
      "SELECT revision, status FROM v_skip_history ORDER BY id",
    );
    expect(history.rows).toEqual([{ revision: "r1", status: "failed" }]);
  }, 120_000);
});
