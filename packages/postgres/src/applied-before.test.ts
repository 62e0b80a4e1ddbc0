import type { Connection } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresAppliedBefore } from "./applied-before.js";
import { connectPostgres } from "./postgres-driver.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

// A resume's first statement committed by itself in the interrupted run, before its record (a
// `transactional: false` revision killed in its record window): repeated, it fails. Real
// PostgreSQL 15: the repeat's error shows it applied (its object in place), or it does not.
let db: TestServerDatabase;
let conn: Connection;
beforeAll(async () => {
  db = await createTestDatabase("applied_before");
  conn = await connectPostgres({ url: db.url });
  await conn.executeScript([
    "CREATE SCHEMA s",
    "CREATE TABLE accounts (id int PRIMARY KEY, w int, dup int)",
    "CREATE TABLE s.other (id int)",
    "INSERT INTO accounts VALUES (1, 1, 1), (2, 1, 1)",
  ]);
}, 60_000);
afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

/** Runs `sql` twice: the second run's failure (the repeat a resume would make). */
async function repeatFailure(sql: string): Promise<unknown> {
  await conn.executeScript([sql]);
  return conn.executeScript([sql]).then(
    () => {
      throw new Error(`the repeat of ${sql} did not fail`);
    },
    (error: unknown) => error,
  );
}

describe("postgresAppliedBefore", () => {
  test.each([
    "CREATE INDEX CONCURRENTLY accounts_w_idx ON accounts (w)",
    'CREATE UNIQUE INDEX "Quoted Idx" ON public.accounts (id)',
    "CREATE INDEX other_idx ON s.other (id)",
    "CREATE TABLE audit (id int)",
    "ALTER TABLE accounts ADD COLUMN added int",
    "ALTER TABLE accounts DROP COLUMN dup",
    "DROP TABLE s.other2",
  ])("a repeat of %s that fails because it is in place: applied", async (sql) => {
    if (sql.startsWith("DROP TABLE")) await conn.executeScript(["CREATE TABLE s.other2 (id int)"]);
    expect(await postgresAppliedBefore(conn, sql, await repeatFailure(sql))).toBe(true);
  });

  test("an INVALID index (a killed CONCURRENTLY build) is not applied", async () => {
    // a unique build over duplicate values fails and leaves the index INVALID, as a kill would
    await conn.executeScript(["CREATE TABLE dups (v int)", "INSERT INTO dups VALUES (1), (1)"]);
    const sql = "CREATE UNIQUE INDEX CONCURRENTLY dups_v ON dups (v)";
    await conn.executeScript([sql]).catch(() => undefined);
    const repeat = await conn.executeScript([sql]).catch((error: unknown) => error);
    expect(await postgresAppliedBefore(conn, sql, repeat)).toBe(false);
  });

  test("an index of that name on another table is not this statement's", async () => {
    await conn.executeScript(["CREATE TABLE t2 (id int)", "CREATE INDEX shared_name ON t2 (id)"]);
    const sql = "CREATE INDEX shared_name ON accounts (id)";
    const repeat = await conn.executeScript([sql]).catch((error: unknown) => error);
    expect(await postgresAppliedBefore(conn, sql, repeat)).toBe(false);
  });

  test("another failure, or DML, is not", async () => {
    const missing = await conn.executeScript(["CREATE INDEX x ON no_table (id)"]).catch((e: unknown) => e);
    expect(await postgresAppliedBefore(conn, "CREATE INDEX x ON no_table (id)", missing)).toBe(false);
    const dml = await conn.executeScript(["INSERT INTO accounts (id) VALUES (1)"]).catch((e: unknown) => e);
    expect(await postgresAppliedBefore(conn, "INSERT INTO accounts (id) VALUES (1)", dml)).toBe(false);
  });
});
