import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { betterSqlite3Binding, openBetterSqlite3 } from "./better-sqlite3.js";

const require = createRequire(import.meta.url);
const root = dirname(require.resolve("better-sqlite3/package.json"));
const dir = mkdtempSync(join(tmpdir(), "athanor-better-sqlite3-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the addon handed to better-sqlite3 is the one its own loader (the bindings package) finds", () => {
  const bindings = createRequire(join(root, "package.json"))("bindings") as (options: {
    bindings: string;
    path: true;
    module_root: string;
  }) => string;
  const found = bindings({ bindings: "better_sqlite3.node", path: true, module_root: root });
  expect(betterSqlite3Binding()).toBe(found);
});

test("a file opened with the addon given by path reads and writes", async () => {
  const conn = await openBetterSqlite3(join(dir, "app.db"), 1000);
  await conn.executeScript([
    "CREATE TABLE t (id integer PRIMARY KEY, v text)",
    "INSERT INTO t (v) VALUES ('x')",
  ]);
  expect((await conn.query("SELECT v FROM t")).rows).toEqual([{ v: "x" }]);
  await conn.close();
});
