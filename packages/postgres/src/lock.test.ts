import type { Connection } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireAdvisoryLock, advisoryLockHolder, advisoryLockId, releaseAdvisoryLock } from "./lock.js";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

const KEY = "athanor:.athanor_version";
const quick = { timeoutMs: 300, pollMs: 20 };

let db: TestServerDatabase;
const open: Connection[] = [];
beforeAll(async () => {
  db = await createTestDatabase("lock");
}, 30_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await db?.drop();
});

async function connect(): Promise<Connection> {
  const conn = await postgresDialect({ url: db.url }).connect();
  open.push(conn);
  return conn;
}
const backendPid = async (conn: Connection) =>
  Number((await conn.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);

describe("advisoryLockId", () => {
  test("is a signed 64-bit FNV-1a of the key, stable across releases", () => {
    // Pinned: a different id would let an old and a new athanor migrate one database at once.
    expect(advisoryLockId("")).toBe(BigInt.asIntN(64, 0xcbf29ce484222325n));
    expect(advisoryLockId("a")).toBe(BigInt.asIntN(64, 0xaf63dc4c8601ec8cn));
    expect(advisoryLockId(KEY)).not.toBe(advisoryLockId("athanor:audit.athanor_version"));
    const id = advisoryLockId("athanor:späť.verzia");
    expect(id).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(id).toBeLessThan(2n ** 63n);
  });
});

describe("session advisory lock on PostgreSQL 15", () => {
  test("is exclusive: a second session times out, and the error names the holder", async () => {
    const a = await connect();
    const b = await connect();
    // free: taken at the first attempt (a timeout of 0 allows no other); how long that round trip
    // takes is the machine's business, not a test's
    await acquireAdvisoryLock(a, KEY, { ...quick, timeoutMs: 0 });
    const started = performance.now();
    const error = await acquireAdvisoryLock(b, KEY, quick).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(quick.timeoutMs - 5);
    const pid = await backendPid(a);
    expect(error).toMatchObject({
      code: "ATHANOR_LOCK_TIMEOUT",
      meta: {
        key: KEY,
        lockId: advisoryLockId(KEY).toString(),
        timeoutMs: 300,
        holder: { pid, applicationName: "athanor", user: "postgres" },
      },
    });
    expect((error as Error).message).toContain(`server process ${pid}`);
    expect((error as Error).message).toContain(`pg_terminate_backend(${pid})`);
    await releaseAdvisoryLock(a, KEY);
    expect(await advisoryLockHolder(b, KEY)).toBeNull();
    await acquireAdvisoryLock(b, KEY, quick);
    expect((await advisoryLockHolder(a, KEY))?.pid).toBe(await backendPid(b));
    await releaseAdvisoryLock(b, KEY);
  });

  test("a waiter polls and reports how long it waited once the holder releases", async () => {
    const a = await connect();
    const b = await connect();
    await acquireAdvisoryLock(a, KEY, quick);
    setTimeout(() => void releaseAdvisoryLock(a, KEY), 300);
    const { waitedMs } = await acquireAdvisoryLock(b, KEY, { timeoutMs: 5_000, pollMs: 25 });
    expect(waitedMs).toBeGreaterThanOrEqual(250);
    expect(waitedMs).toBeLessThan(2_000);
    await releaseAdvisoryLock(b, KEY);
  });

  test("closing the holder's session releases the lock; releasing on a closed connection is not an error", async () => {
    const a = await connect();
    const b = await connect();
    await acquireAdvisoryLock(a, KEY, quick);
    await a.close();
    await releaseAdvisoryLock(a, KEY);
    await expect(acquireAdvisoryLock(b, KEY, { timeoutMs: 2_000, pollMs: 20 })).resolves.toBeDefined();
    await releaseAdvisoryLock(b, KEY);
  });

  test("different version tables have independent locks", async () => {
    const a = await connect();
    const b = await connect();
    await acquireAdvisoryLock(a, KEY, quick);
    await expect(acquireAdvisoryLock(b, "athanor:audit.athanor_version", quick)).resolves.toBeDefined();
    await releaseAdvisoryLock(a, KEY);
    await releaseAdvisoryLock(b, "athanor:audit.athanor_version");
  });

  test("never waits inside the server: a waiter holds no transaction open and blocks no CREATE INDEX CONCURRENTLY", async () => {
    const holder = await connect();
    const waiter = await connect();
    await holder.executeScript(["CREATE TABLE cic (a int)"]);
    await acquireAdvisoryLock(holder, KEY, quick);
    const waiting = acquireAdvisoryLock(waiter, KEY, { timeoutMs: 10_000, pollMs: 20 });
    // With a blocking pg_advisory_lock this CIC would wait for the waiter's transaction forever.
    await holder.executeScript(["CREATE INDEX CONCURRENTLY cic_a ON cic (a)"]);
    await releaseAdvisoryLock(holder, KEY);
    await waiting;
    await releaseAdvisoryLock(waiter, KEY);
  }, 15_000);
});
