import { pgliteDialect } from "@athanor/postgres";
import { afterAll, expect, it } from "vitest";
import { type LockWaitEvent, reportingLockWaits } from "./lock-wait-reporter.js";

// A real lock on a real (embedded) database: one connection holds it, the wrapped one waits.
const base = pgliteDialect();
afterAll(() => base.close());

it("reports nothing when the lock is free, and the wait and the holder when it is not", async () => {
  const events: LockWaitEvent[] = [];
  const dialect = reportingLockWaits(base, (e) => events.push(e));
  const key = "athanor:.athanor_version";
  const options = { timeoutMs: 5_000, pollMs: 20 };

  const first = await dialect.connect();
  // free: taken by the single try, so no wait was reported (how long it took is not asserted)
  await dialect.acquireLock(first, key, options);
  expect(events).toEqual([]);

  const second = await dialect.connect();
  setTimeout(() => void dialect.releaseLock(first, key), 300);
  const { waitedMs } = await dialect.acquireLock(second, key, options);
  expect(waitedMs).toBeGreaterThanOrEqual(250);
  expect(events).toEqual([
    { type: "waiting", holderPid: process.pid },
    { type: "acquired", waitedMs, holderPid: process.pid },
  ]);
  await dialect.releaseLock(second, key);
  await first.close();
  await second.close();
});

it("still gives up after the configured timeout, with the dialect's coded error", async () => {
  const dialect = reportingLockWaits(base, () => {});
  const key = "athanor:.other";
  const holder = await dialect.connect();
  await dialect.acquireLock(holder, key, { timeoutMs: 1_000, pollMs: 10 });
  const waiter = await dialect.connect();
  await expect(dialect.acquireLock(waiter, key, { timeoutMs: 150, pollMs: 10 })).rejects.toMatchObject({
    code: "ATHANOR_LOCK_TIMEOUT",
  });
  await holder.close();
  await waiter.close();
});
