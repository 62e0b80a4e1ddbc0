import { defineRevision, renderSql } from "@athanor/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// quoteLiteral escapes backslash, LF, CR, NUL and Ctrl-Z with a backslash. Online, the driver
// takes NO_BACKSLASH_ESCAPES out of the session's sql_mode; an `upgrade --sql` script runs on a
// session athanor did not open, where a server configured with that mode stored `C:\dir` as
// `C:\\dir` and a line break as the two characters `\n`. The script now begins by taking the
// mode out, as the driver does.
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

const value = "C:\\dir\nline 2\r\x1a'end\\";

test("an offline script run on a NO_BACKSLASH_ESCAPES session stores the values an online run stores", async () => {
  const revision = defineRevision({
    id: "a1",
    parents: [],
    upgrade: (op) => {
      op.createTable("texts", {
        columns: [
          { name: "id", type: "int", nullable: false },
          { name: "v", type: "text" },
        ],
      });
      op.bulkInsert("texts", [{ id: 1, v: value }]);
    },
    downgrade: (op) => op.dropTable("texts"),
  });
  const { statements, text } = await renderSql(
    { dialect: mysqlDialect({ url: db.url }), revisions: [revision] },
    { direction: "upgrade", range: "base:heads" },
  );
  expect(text.startsWith("-- athanor: session settings\nSET SESSION sql_mode")).toBe(true);
  await db.connection.query("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
  for (const sql of statements) await db.connection.query(sql);
  expect((await db.connection.query("SELECT v FROM texts")).rows).toEqual([{ v: value }]);
  expect((await db.connection.query("SELECT @@SESSION.sql_mode AS mode")).rows[0]?.mode).not.toContain(
    "NO_BACKSLASH_ESCAPES",
  );
}, 60_000);
