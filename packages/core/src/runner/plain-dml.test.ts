import { describe, expect, it } from "vitest";
import { isPlainDml } from "./plain-dml.js";

describe("isPlainDml", () => {
  it.each([
    "UPDATE accounts SET balance = balance + 50",
    "  insert into t values (1)",
    "DELETE FROM t",
    "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
  ])("%s runs in a transaction", (sql) => expect(isPlainDml(sql)).toBe(true));
  it.each([
    "CREATE INDEX CONCURRENTLY i ON t (a)",
    "VACUUM t",
    "ALTER TYPE mood ADD VALUE 'ok'",
    "-- comment\nUPDATE t SET a = 1",
    "WITH x AS (SELECT 1) UPDATE t SET a = 1",
    "UPDATEX",
    "SELECT 1",
  ])("%s keeps running on its own", (sql) => expect(isPlainDml(sql)).toBe(false));
});
