import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspectMysql } from "../introspector.js";
import { type MysqlConnection, openMysqlConnection } from "../mysql-driver.js";
import { quoteIdent } from "../quote.js";
import {
  type ScratchMysqlDatabase,
  scratchDatabaseName,
  scratchMysqlDatabase,
  TEST_MYSQL_URL,
} from "../testing/scratch-database.js";

const SCHEMA = [
  "CREATE TABLE parent (id int PRIMARY KEY, code varchar(20) NOT NULL, UNIQUE KEY parent_code (code))",
  "CREATE TABLE child (id int PRIMARY KEY, parent_id int, qty int DEFAULT 1, CONSTRAINT qty_positive CHECK (qty > 0), INDEX child_qty (qty DESC), CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL)",
  "CREATE VIEW child_view AS SELECT id, qty FROM child",
];

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  await db.connection.executeScript(SCHEMA);
});
afterAll(async () => {
  await db?.dispose();
});

/** `conn` with its batch replaced by `selectAll`, recording each batch's size and whether it answered. */
function withBatch(
  conn: MysqlConnection,
  selectAll: MysqlConnection["selectAll"],
): MysqlConnection & { readonly batches: string[] } {
  const batches: string[] = [];
  return {
    ...conn,
    batches,
    selectAll: async (statements) => {
      try {
        const sets = await selectAll?.(statements);
        batches.push(`${statements.length} ${sets === undefined ? "unavailable" : "answered"}`);
        return sets;
      } catch (error) {
        batches.push(`${statements.length} failed`);
        throw error;
      }
    },
  };
}

describe("reading information_schema in one round trip", () => {
  it("reads what one query at a time reads, in one batch of seven SELECTs", async () => {
    const batched = withBatch(db.connection, db.connection.selectAll);
    const read = await introspectMysql(batched);
    expect(batched.batches).toEqual(["7 answered"]);
    const { selectAll: _, ...plain } = db.connection;
    expect(read).toEqual(await introspectMysql(plain as MysqlConnection));
    const child = read.tables.find((t) => t.name === "child");
    expect(child?.foreignKeys.map((f) => [f.name, f.onDelete, f.onUpdate])).toEqual([
      ["child_parent", "cascade", "set null"],
    ]);
    expect(child?.checks.map((c) => c.name)).toEqual(["qty_positive"]);
    expect(read.views?.map((v) => v.name)).toEqual(["child_view"]);
  });

  it("falls back to one query at a time when the batch fails or is not available", async () => {
    const expected = await introspectMysql(db.connection);
    const failing = withBatch(db.connection, async () => {
      throw new Error("refused");
    });
    expect(await introspectMysql(failing)).toEqual(expected);
    expect(failing.batches).toEqual(["7 failed"]);
    const unavailable = withBatch(db.connection, async () => undefined);
    expect(await introspectMysql(unavailable)).toEqual(expected);
    expect(unavailable.batches).toEqual(["7 unavailable"]);
  });

  it("writes a database name with a quote and a backslash in as a literal", async () => {
    const name = `${scratchDatabaseName()}_it's\\x`;
    const admin = await openMysqlConnection({ url: TEST_MYSQL_URL });
    try {
      await admin.executeScript([
        `CREATE DATABASE ${quoteIdent(name)}`,
        `CREATE TABLE ${quoteIdent(name)}.odd (id int PRIMARY KEY)`,
      ]);
      const batched = withBatch(db.connection, db.connection.selectAll);
      const read = await introspectMysql(batched, { database: name });
      expect(batched.batches).toEqual(["7 answered"]);
      expect(read.tables.map((t) => [t.schema, t.name])).toEqual([[name, "odd"]]);
    } finally {
      await admin.executeScript([`DROP DATABASE IF EXISTS ${quoteIdent(name)}`]);
      await admin.close();
    }
  });

  it("rejects, instead of waiting forever, when the session is killed during a batch", async () => {
    const victim = await openMysqlConnection({ url: db.url });
    const admin = await openMysqlConnection({ url: TEST_MYSQL_URL });
    try {
      const [row] = (await victim.query<{ id: number }>("SELECT CONNECTION_ID() AS id")).rows;
      const batch = victim.selectAll?.(["SELECT SLEEP(5) AS s", "SELECT 1 AS one"]);
      const outcome = batch?.then(
        () => "answered",
        () => "rejected",
      );
      // killed while the batch's first statement runs on the server (not before it arrived)
      const sleeping = async () =>
        (
          await admin.query(
            `SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ${Number(row?.id)} AND STATE = 'User sleep'`,
          )
        ).rows.length === 1;
      for (const until = Date.now() + 30_000; !(await sleeping()); ) {
        if (Date.now() > until) throw new Error("the batch's SLEEP(5) was never seen running");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await admin.query(`KILL ${Number(row?.id)}`);
      expect(await outcome).toBe("rejected");
    } finally {
      await victim.close().catch(() => undefined);
      await admin.close();
    }
  });
});
