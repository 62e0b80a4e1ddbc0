// A revision's last DDL statement has no progress record of its own on MariaDB: the final
// transaction's `ok` history row, committed with the version row, is its record (one commit and
// one fsync a revision fewer; core's StepTransaction.foldLastRecord). Here that final transaction
// is stopped after the server ran the last DDL — its version-row UPDATE waits on a row lock
// another session holds, seen in the processlist, not by timing — by KILL QUERY (a failure on a
// live session) and by KILL (the session gone, as when the process dies). Either way the failure
// must say what is true (the last DDL is done) and a resume must leave the schema and the rows an
// uninterrupted run leaves: the DML before it not applied twice, the DDL not run twice.
import { defineRevision, type RunnerOptions, upgrade } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import type { MysqlConnection } from "./mysql-driver.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let reference: ScratchMysqlDatabase;
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  reference = await scratchMysqlDatabase();
  db = await scratchMysqlDatabase();
}, 60_000);
afterAll(async () => {
  await reference?.dispose();
  await db?.dispose();
});

// #0 CREATE TABLE, #1 INSERT (no key: a second run would add the rows again), #2 ALTER TABLE ADD
// COLUMN — the last statement, whose record is folded into the final transaction.
const revisions = [
  defineRevision({
    id: "f1",
    parents: [],
    upgrade: (op) => void op.execute("CREATE TABLE f_base (id int)"),
  }),
  defineRevision({
    id: "f2",
    parents: ["f1"],
    upgrade: (op) => {
      op.execute("CREATE TABLE f_rows (id int, v varchar(10))");
      op.execute("INSERT INTO f_rows (id, v) VALUES (1, 'a'), (2, 'b')");
      op.execute("ALTER TABLE f_rows ADD COLUMN `w` int DEFAULT 7");
    },
  }),
];

const options = (target: ScratchMysqlDatabase): RunnerOptions => ({
  dialect: mysqlDialect({ url: target.url }),
  revisions,
  versionTable: { name: "v_fold" },
});

/** What a run leaves: the tables as the server stores them, their rows, the head. */
async function state(conn: MysqlConnection): Promise<unknown> {
  const tables: Record<string, unknown> = {};
  for (const name of ["f_base", "f_rows"]) {
    const created = await conn.query<Record<string, string>>(`SHOW CREATE TABLE \`${name}\``);
    tables[name] = created.rows[0]?.["Create Table"];
  }
  const rows = (await conn.query("SELECT * FROM f_rows ORDER BY id")).rows;
  const heads = (await conn.query("SELECT version_num FROM v_fold")).rows;
  return { tables, rows, heads };
}

async function history(conn: MysqlConnection): Promise<unknown[]> {
  return (
    await conn.query(
      "SELECT revision, status, statement_index AS done FROM v_fold_history WHERE revision = 'f2' ORDER BY id",
    )
  ).rows;
}

/**
 * Runs f1, then f2 with f2's version-row UPDATE held on a row lock; once the server shows it
 * waiting (the DDL before it ran), `stop` is sent for the runner's session; then the lock is let go.
 */
async function interruptedAtFinalTransaction(stop: "KILL QUERY" | "KILL") {
  await db.connection.executeScript(["DROP TABLE IF EXISTS f_base, f_rows, v_fold, v_fold_history"]);
  expect((await upgrade(options(db), "f1")).error).toBeUndefined();
  const holder = await mysqlDialect({ url: db.url }).connect();
  await holder.executeScript(["START TRANSACTION", "SELECT version_num FROM v_fold FOR UPDATE"]);
  const run = upgrade(options(db), "heads");
  let waiting: number | undefined;
  while (waiting === undefined) {
    const { rows } = await db.connection.query<{ id: number }>(
      "SELECT id FROM information_schema.processlist WHERE command = 'Query' AND info LIKE 'UPDATE `v_fold` SET%' AND id <> CONNECTION_ID()",
    );
    waiting = rows[0]?.id;
    if (waiting === undefined) await db.connection.query("DO SLEEP(0.02)");
  }
  // the last DDL ran before the final transaction: the column is there, its record is not
  const columns = await db.connection.query(
    "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'f_rows' AND COLUMN_NAME = 'w'",
  );
  expect(columns.rows).toHaveLength(1);
  expect(await history(db.connection)).toEqual([{ revision: "f2", status: "partial", done: 2 }]);
  await db.connection.query(`${stop} ${waiting}`);
  const result = await run;
  await holder.executeScript(["ROLLBACK"]);
  await holder.close();
  return result;
}

describe("the last DDL's record folded into the final transaction (MariaDB)", () => {
  let uninterrupted: unknown;
  beforeAll(async () => {
    expect((await upgrade(options(reference), "heads")).error).toBeUndefined();
    uninterrupted = await state(reference.connection);
    expect(await history(reference.connection)).toEqual([{ revision: "f2", status: "ok", done: null }]);
  }, 60_000);

  test("KILL QUERY of the final transaction: reported and recorded as done through the last DDL; the resume runs nothing again", async () => {
    const result = await interruptedAtFinalTransaction("KILL QUERY");
    const f2 = result.results.find((r) => r.revision === "f2");
    expect(f2?.status).toBe("partial");
    expect(f2?.error?.meta).toMatchObject({ outcome: "partial", statementsDone: 3 });
    expect(f2?.error?.message).not.toContain("Nothing of it was applied");
    expect(await history(db.connection)).toEqual([{ revision: "f2", status: "partial", done: 3 }]);

    const resumed = await upgrade(options(db), "heads", { resume: true });
    expect(resumed.error).toBeUndefined();
    expect(resumed.results.find((r) => r.revision === "f2")?.statements).toBe(0);
    expect(await state(db.connection)).toEqual(uninterrupted);
  }, 60_000);

  test("KILL of the session in the final transaction (as a crash): the resume finds the last DDL applied and does not repeat the DML", async () => {
    const result = await interruptedAtFinalTransaction("KILL");
    expect(result.results.find((r) => r.revision === "f2")?.status).not.toBe("applied");
    // the session died with the final transaction: the record says the statements before the last
    expect(await history(db.connection)).toEqual([{ revision: "f2", status: "partial", done: 2 }]);

    const resumed = await upgrade(options(db), "heads", { resume: true });
    expect(resumed.error).toBeUndefined();
    expect(resumed.warnings?.map((w) => w.code)).toContain("ATHANOR_RESUME_FOUND_APPLIED");
    expect(await state(db.connection)).toEqual(uninterrupted);
    expect((await history(db.connection)).at(-1)).toMatchObject({ revision: "f2", status: "ok" });
  }, 60_000);
});
