import { afterAll, beforeAll, expect, test } from "vitest";
import { introspectMysql } from "./introspector.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

test("a renamed JSON column still reads as json: MariaDB's json_valid check keeps its old name, which does not count", async () => {
  await db.connection.query(
    "CREATE TABLE j (id int PRIMARY KEY, v_new json, other longtext CHECK (length(other) < 9))",
  );
  await db.connection.query("ALTER TABLE j RENAME COLUMN v_new TO v");
  const table = (await introspectMysql(db.connection)).tables.find((t) => t.name === "j");
  expect(table?.columns.map((c) => [c.name, c.type])).toEqual([
    ["id", "int"],
    ["v", "json"],
    ["other", "longtext"],
  ]);
  // the JSON check is hidden whatever its name; a check of the user's own stays
  expect(table?.checks.map((c) => c.name)).toEqual(["other"]);
});
