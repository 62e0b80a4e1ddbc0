import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { TEST_PG_URL } from "./database-backend.js";
import { reusedSessions } from "./reused-sessions.js";

// The contract checks run on reused sessions: a session handed out again must look new.
let db: TestDatabase;
beforeAll(async () => {
  db = reusedSessions(await createTestDatabase({ url: TEST_PG_URL, prefix: "reused_sessions" }));
});
afterAll(async () => db?.dispose());

const one = async <T>(sql: string): Promise<T> => {
  const conn = await db.connect();
  try {
    return (await conn.query<T>(sql)).rows[0] as T;
  } finally {
    await conn.close();
  }
};

test("a session comes back with no settings, temporary tables, advisory locks or open transaction of its last user", async () => {
  const first = await db.connect();
  const { pid } = (await first.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0] as {
    pid: number;
  };
  await first.executeScript([
    "SET statement_timeout = '7s'",
    "CREATE TEMPORARY TABLE left_behind (id int)",
    "SELECT pg_advisory_lock(4242)",
    "BEGIN",
  ]);
  await first.query("SELECT 1 / 0").catch(() => undefined); // leaves the transaction aborted
  await first.close();
  await expect(first.query("SELECT 1")).rejects.toThrow(/went back to the idle list/);

  const again = await one<Record<string, unknown>>(
    `SELECT pg_backend_pid() AS pid, current_setting('statement_timeout') AS timeout,
       to_regclass('pg_temp.left_behind') IS NULL AS no_temp,
       (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks,
       now() = statement_timestamp() AS no_transaction`,
  );
  expect(again).toEqual({ pid, timeout: "0", no_temp: true, locks: 0, no_transaction: true });
});

test("a session the server ended is replaced, not handed out", async () => {
  const pid = (await one<{ pid: number }>("SELECT pg_backend_pid() AS pid")).pid;
  const admin = await createTestDatabase({ url: TEST_PG_URL, prefix: "reused_sessions_admin" });
  const conn = await admin.connect();
  try {
    await conn.query("SELECT pg_terminate_backend($1)", [pid]);
  } finally {
    await conn.close();
    await admin.dispose();
  }
  const next = (await one<{ pid: number }>("SELECT pg_backend_pid() AS pid")).pid;
  expect(next).not.toBe(pid);
});

test("readings and runs go through the reused session too: the database never has a second one", async () => {
  const sessions = async () =>
    (
      await one<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()",
      )
    ).n;
  expect(await sessions()).toBe(1);
  expect((await db.introspect()).tables).toEqual([]);
  await (await db.dialect.connect()).close();
  expect(await sessions()).toBe(1);
});
