import { type Connection, operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "../testing/scratch-database.js";

// The MariaDB dependents check waits while another session's ALTER may rename a table it reads
// into place. It used to wait for any ALTER on the database: an ALTER of an unrelated table held
// it for 10 s and then refused the revision. It now names the ALTER's table and waits only for the
// check's own table or a table with a trigger naming it. Each ALTER here is held on a metadata
// lock (another session's open transaction read the table), so it stays in the process list, in
// "Waiting for table metadata lock", for as long as the test needs: no timing decides anything.
// Autogenerate's read of the same: find-upgrade-dependents-ddl-target.test.ts (CLI).
let db: ScratchMysqlDatabase;
let ddl: Connection;
let blocker: Connection;
const dialect = () => mysqlDialect({ url: db.url });
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  ddl = await dialect().connect();
  blocker = await dialect().connect();
  await db.connection.executeScript([
    "CREATE TABLE users (id int PRIMARY KEY, mail varchar(40))",
    "CREATE TRIGGER users_mail BEFORE UPDATE ON users FOR EACH ROW SET NEW.mail = LOWER(NEW.mail)",
    "CREATE TABLE logs (id int PRIMARY KEY, line text)",
  ]);
}, 60_000);
afterAll(async () => {
  await ddl?.close();
  await blocker?.close();
  await db?.dispose();
});

const check = o.requireNoDependents("users", ["mail"]);
const guard = mysqlDialect({ server: "mariadb" }).render(check);
const found = () => `[trigger ${db.name}.users_mail]`;

async function sessionId(conn: Connection): Promise<number> {
  return Number((await conn.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id")).rows[0]?.id);
}
async function stateOf(id: number): Promise<string | undefined> {
  const { rows } = await db.connection.query<{ state: string }>(
    `SELECT STATE AS state FROM information_schema.PROCESSLIST WHERE ID = ${id}`,
  );
  return rows[0]?.state;
}

/** `sql` on the DDL session, held waiting for `table`'s metadata lock until `release()`. */
async function heldAlter(sql: string, table: string) {
  await blocker.query("START TRANSACTION");
  await blocker.query(`SELECT * FROM ${table} LIMIT 1`);
  const id = await sessionId(ddl);
  let settled = false;
  const done = ddl.query(sql).finally(() => {
    settled = true;
  });
  done.catch(() => undefined);
  while ((await stateOf(id)) !== "Waiting for table metadata lock") {
    if (settled) throw new Error(`${sql} ended before it waited for the metadata lock`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    stillWaiting: async () => (await stateOf(id)) === "Waiting for table metadata lock",
    async release() {
      await blocker.query("COMMIT");
      await done;
    },
  };
}

const comDo = async (conn: Connection) =>
  Number((await conn.query<{ Value: string }>("SHOW SESSION STATUS LIKE 'Com_do'")).rows[0]?.Value);

async function guardOutcome(conn: Connection): Promise<string> {
  try {
    for (const sql of guard) await conn.query(sql);
    return "passed";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("the MariaDB dependents check names the table of a DDL in flight", () => {
  it("an ALTER of a table the check does not read is not waited for: the check reads at once, the ALTER still held", async () => {
    const alter = await heldAlter("ALTER TABLE logs ADD COLUMN extra int", "logs");
    try {
      const slept = await comDo(db.connection);
      expect(await guardOutcome(db.connection)).toContain(found());
      // it never slept between reads (DO SLEEP(0.1)), and the ALTER had not moved
      expect(await comDo(db.connection)).toBe(slept);
      expect(await alter.stillWaiting()).toBe(true);
    } finally {
      await alter.release();
    }
  }, 60_000);

  it("an ALTER of the check's own table is waited for: the check sleeps until it is done, then finds the trigger", async () => {
    const alter = await heldAlter("ALTER TABLE users ADD COLUMN extra2 int", "users");
    const checking = await dialect().connect();
    try {
      const id = await sessionId(checking);
      let outcome: string | undefined;
      const run = guardOutcome(checking).then((o) => {
        outcome = o;
      });
      // seen sleeping between reads while the ALTER is held: it waits
      while ((await stateOf(id)) !== "User sleep") {
        expect(outcome, "the check ended without waiting for the ALTER of its table").toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(outcome).toBeUndefined();
      await alter.release();
      await run;
      expect(outcome).toContain(found());
    } finally {
      await alter.release().catch(() => undefined);
      await checking.close();
    }
  }, 60_000);
});
