import { operations } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// Offline (`upgrade --sql`) with a mysql:// URL nothing names the server, so the script was
// rendered for MySQL: a MODIFY COLUMN that keeps the live default QUOTE()d MariaDB's
// COLUMN_DEFAULT, which is SQL text there already — fed to MariaDB, a NOT NULL change turned the
// default 'abc' into the string "'abc'" (quotes included) without an error, and a column with no
// default failed with "Invalid default value" (DEFAULT 'NULL'). Found walking a staged contract's
// --sql on MariaDB. The kept default (and MariaDB's rule of no NULL/NOT NULL on a generated
// column) is now chosen by the server the script runs on.
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

describe("offline MODIFY COLUMN rendered for an unnamed server, run on MariaDB", () => {
  test("keeps a string default, a number default and no default as they were", async () => {
    await db.connection.executeScript([
      "CREATE TABLE kept (id int PRIMARY KEY, s varchar(10) NULL DEFAULT 'abc', n int NULL DEFAULT 7, plain bigint NULL, g int AS (id + 1) VIRTUAL)",
    ]);
    const offline = mysqlDialect({ url: db.url }); // never connected: the server is assumed
    const statements = [
      ...offline.render(operations.alterColumn("kept", "s", { nullable: false })),
      ...offline.render(operations.alterColumn("kept", "n", { nullable: false })),
      ...offline.render(operations.alterColumn("kept", "plain", { nullable: false })),
      ...offline.render(operations.alterColumn("kept", "g", { comment: "generated" })),
    ];
    for (const sql of statements) await db.connection.query(sql);
    await db.connection.query("INSERT INTO kept (id, plain) VALUES (1, 2)");
    expect((await db.connection.query("SELECT s, n, plain, g FROM kept")).rows).toEqual([
      { s: "abc", n: 7, plain: "2", g: 2 },
    ]);
    expect(
      (
        await db.connection.query(
          "SELECT COLUMN_NAME AS c, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS d, COLUMN_COMMENT AS comment FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'kept' ORDER BY ORDINAL_POSITION",
        )
      ).rows,
    ).toEqual([
      { c: "id", nullable: "NO", d: null, comment: "" },
      { c: "s", nullable: "NO", d: "'abc'", comment: "" },
      { c: "n", nullable: "NO", d: "7", comment: "" },
      { c: "plain", nullable: "NO", d: null, comment: "" },
      { c: "g", nullable: "YES", d: "NULL", comment: "generated" },
    ]);
  }, 60_000);

  test("keeps MariaDB's CHECKs written on the columns (a JSON column's json_valid too)", async () => {
    await db.connection.executeScript([
      "CREATE TABLE checked (id int PRIMARY KEY, j json NULL, k int NULL CHECK (k > 0))",
    ]);
    const offline = mysqlDialect({ url: db.url });
    for (const column of ["j", "k"])
      for (const sql of offline.render(operations.alterColumn("checked", column, { nullable: false })))
        await db.connection.query(sql);
    expect(
      (
        await db.connection.query(
          "SELECT CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'checked' ORDER BY 1",
        )
      ).rows,
    ).toEqual([
      { name: "j", clause: "json_valid(`j`)" },
      { name: "k", clause: "`k` > 0" },
    ]);
    await expect(db.connection.query("INSERT INTO checked VALUES (1, 'not json', 1)")).rejects.toThrow(
      /CONSTRAINT/,
    );
    await expect(db.connection.query("INSERT INTO checked VALUES (2, '{}', -5)")).rejects.toThrow(
      /CONSTRAINT/,
    );
  }, 60_000);
});
