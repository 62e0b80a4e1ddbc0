import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { buildPackage, runNode } from "./testing/build-package.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
beforeAll(async () => {
  db = await createTestDatabase("lockrace");
  await buildPackage();
}, 180_000);
afterAll(async () => {
  await db?.drop();
});

test("8 processes racing for the lock each increment a counter with read-sleep-write: no lost update", async () => {
  const dialect = postgresDialect({ url: db.url });
  const conn = await dialect.connect();
  try {
    await conn.executeScript([
      "CREATE TABLE counter (n int NOT NULL)",
      "INSERT INTO counter VALUES (0)",
      // the children's common start: each adds its row and waits until all 8 have
      "CREATE TABLE arrived (pid int NOT NULL)",
    ]);
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () =>
        runNode("src/testing/lock-race-child.mjs", [db.url, "athanor:.athanor_version", "8"]),
      ),
    );
    const waited = outputs.map((out) => (JSON.parse(out) as { waitedMs: number }).waitedMs);
    expect((await conn.query("SELECT n FROM counter")).rows).toEqual([{ n: 8 }]);
    // each holds the lock for ≥ 40 ms, so whoever went last waited for at least most of the others
    expect(Math.max(...waited)).toBeGreaterThanOrEqual(40 * 4);
  } finally {
    await conn.close();
  }
}, 180_000);
