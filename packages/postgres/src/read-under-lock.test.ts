import type { Connection } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireAdvisoryLock, advisoryLockId, releaseAdvisoryLock } from "./lock.js";
import type { PostgresNotice } from "./postgres-driver.js";
import { postgresSessionDialect } from "./postgres-session.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

// Dialect.readUnderLock on PostgreSQL: pg_try_advisory_lock, the read and the unlock in one
// simple-query message (a no-op `upgrade` confirmed from its summary).

const KEY = "athanor:.athanor_version";
const READ = "SELECT id FROM probe ORDER BY id";

let db: TestServerDatabase;
const open: Connection[] = [];
const notices: PostgresNotice[] = [];
beforeAll(async () => {
  db = await createTestDatabase("read_under_lock");
  const conn = await connect();
  await conn.executeScript(["CREATE TABLE probe (id int)", "INSERT INTO probe VALUES (1), (2)"]);
}, 30_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await db?.drop();
});

async function connect(): Promise<Connection> {
  const conn = await postgresSessionDialect({ url: db.url, onNotice: (n) => notices.push(n) }).connect();
  open.push(conn);
  return conn;
}
const dialect = () => postgresSessionDialect({ url: db.url });
/** Whether a fresh session could take the lock now (then gives it back). */
async function isFree(): Promise<boolean> {
  const probe = await postgresSessionDialect({ url: db.url }).connect();
  open.push(probe);
  const id = advisoryLockId(KEY).toString();
  const { rows } = await probe.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS got", [
    id,
  ]);
  if (rows[0]?.got === true) await releaseAdvisoryLock(probe, KEY);
  return rows[0]?.got === true;
}

describe("readUnderLock (PostgreSQL)", () => {
  test("reads under a free lock and leaves it free; a held lock gives undefined and stays held", async () => {
    const conn = await connect();
    const readUnderLock = dialect().readUnderLock;
    expect(readUnderLock).toBeDefined();
    expect(await readUnderLock?.(conn, KEY, READ)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await isFree()).toBe(true);

    const holder = await connect();
    await acquireAdvisoryLock(holder, KEY, { timeoutMs: 1_000, pollMs: 20 });
    notices.length = 0;
    expect(await readUnderLock?.(conn, KEY, READ)).toBeUndefined();
    expect(await isFree()).toBe(false);
    // the unlock that found nothing of this session's to release said nothing either
    expect(notices).toEqual([]);
    await releaseAdvisoryLock(holder, KEY);
    expect(await isFree()).toBe(true);
  });

  test("a failing read rejects with the lock released and no warning", async () => {
    const conn = await connect();
    notices.length = 0;
    await expect(dialect().readUnderLock?.(conn, KEY, "SELECT * FROM no_such_table")).rejects.toMatchObject({
      code: "42P01",
    });
    expect(await isFree()).toBe(true);
    expect(notices).toEqual([]);
    // the session is still usable
    expect((await conn.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});
