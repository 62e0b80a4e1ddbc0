// A simple revision on a file takes the runner's short step path (online-step.ts, applyStepLean).
// The suite compares it with the full path; each side runs on a file of its own. (Until the
// nineteenth session the short path was for synchronous connections only.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeLeanStepSuite } from "@athanor/core/testing";
import { afterAll, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openSqliteConnection } from "./sqlite-driver.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-lean-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string) => join(folder, `${name}.db`);

test("better-sqlite3 connections say they are synchronous", async () => {
  const conn = await openSqliteConnection(file("flag"));
  expect(conn.synchronous).toBe(true);
  await conn.close();
});

describeLeanStepSuite("SQLite", {
  dialect: (name) => sqliteDialect({ file: file(name) }),
  async exec(name, statements) {
    const conn = await openSqliteConnection(file(name));
    try {
      await conn.executeScript(statements);
    } finally {
      await conn.close();
    }
  },
  async rows(name, sql) {
    const conn = await openSqliteConnection(file(name));
    try {
      return [...(await conn.query(sql)).rows];
    } finally {
      await conn.close();
    }
  },
  tablesSql: "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'athanor%' ORDER BY name",
  countSql: "SELECT count(*) AS n FROM parent",
});
