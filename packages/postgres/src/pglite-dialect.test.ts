import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pgliteDialect } from "./pglite-dialect.js";
import { createPglite } from "./pglite-driver.js";
import { postgresDialect } from "./postgres-dialect.js";
import { renderPostgres } from "./renderer.js";

// A test that starts PGlite gets the pglite tier's limit (vitest.pglite.config.ts, 180 s), not
// less: its WebAssembly start alone took 11 s at load ~26 on the shared 2-core machine, and four
// at once (as the tier's workers start them) 48–53 s each with three CPU hogs running. Two of
// these tests had 30 s, under even the package default.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "athanor-pglite-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pgliteDialect", () => {
  test("is the PostgreSQL dialect except for name, concurrency, connecting and locking", () => {
    const lite = pgliteDialect();
    const server = postgresDialect({ url: "postgres://localhost/x" });
    expect(lite.name).toBe("pglite");
    expect(lite.capabilities).toEqual({ transactionalDdl: true, concurrentConnections: false });
    expect(server.capabilities).toEqual({ transactionalDdl: true, concurrentConnections: true });
    expect(lite.render).toBe(renderPostgres);
    expect(lite.quoteIdent('a"b')).toBe(server.quoteIdent('a"b'));
    expect([lite.beginTransaction, lite.commitTransaction]).toEqual(["BEGIN", "COMMIT"]);
  });

  test("in memory: one database for the dialect's lifetime, across connections", async () => {
    const dialect = pgliteDialect({ dataDir: "memory://" });
    const first = await dialect.connect();
    await first.executeScript(["CREATE TABLE m (id int)", "INSERT INTO m VALUES (1), (2)"]);
    expect((await first.query("UPDATE m SET id = id + $1", [10])).rowCount).toBe(2);
    await first.close();
    await first.close();
    const second = await dialect.connect();
    expect((await second.query<{ id: number }>("SELECT id FROM m ORDER BY id")).rows).toEqual([
      { id: 11 },
      { id: 12 },
    ]);
    const failure = await second
      .executeScript(["SELECT 1", "SELECT * FROM nope", "SELECT 2"])
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "42P01", statementIndex: 1, statement: "SELECT * FROM nope" });
    await second.close();
    await dialect.close();
  }, 180_000); // starts PGlite: the tier's limit (see the top)

  test("on disk: data survives closing; two dialects on one folder in this process share one instance", async () => {
    const dataDir = join(dir, "db");
    const a = pgliteDialect({ dataDir });
    const b = pgliteDialect({ dataDir });
    const ca = await a.connect();
    const cb = await b.connect();
    await ca.executeScript(["CREATE TABLE d (v text)", "INSERT INTO d VALUES ('kept')"]);
    expect((await cb.query("SELECT v FROM d")).rows).toEqual([{ v: "kept" }]);
    await ca.close();
    expect((await cb.query("SELECT count(*)::int AS n FROM d")).rows).toEqual([{ n: 1 }]);
    await cb.close();
    const reopened = await pgliteDialect({ dataDir }).connect();
    expect((await reopened.query("SELECT v FROM d")).rows).toEqual([{ v: "kept" }]);
    await reopened.close();
  }, 180_000); // starts PGlite: the tier's limit (see the top)

  test("the lock is an in-process mutex per instance: exclusive, released on release and on close", async () => {
    const client = await createPglite(undefined); // your own instance (from the initdb snapshot: quicker)
    const dialect = pgliteDialect({ client });
    const a = await dialect.connect();
    const b = await dialect.connect();
    const key = "athanor:.athanor_version";
    const quick = { timeoutMs: 100, pollMs: 10 };
    // free: taken (how long that took is the machine's business, not a test's)
    await expect(dialect.acquireLock(a, key, quick)).resolves.toBeDefined();
    await expect(dialect.acquireLock(b, key, quick)).rejects.toMatchObject({
      code: "ATHANOR_LOCK_TIMEOUT",
      meta: { key, holder: { pid: process.pid } },
    });
    await expect(dialect.acquireLock(b, "athanor:other.athanor_version", quick)).resolves.toBeDefined();
    await dialect.releaseLock(a, key);
    await dialect.acquireLock(b, key, quick);
    setTimeout(() => void b.close(), 50);
    const { waitedMs } = await dialect.acquireLock(a, key, { timeoutMs: 2_000, pollMs: 10 });
    expect(waitedMs).toBeGreaterThanOrEqual(40);
    await a.close();
    // your own instance is never closed by athanor
    expect(client.closed).toBe(false);
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await client.close();
  }, 180_000); // starts PGlite: the tier's limit (see the top)

  test("a data folder that cannot be opened is ATHANOR_CONNECTION_FAILED naming it", async () => {
    const file = join(dir, "not-a-folder");
    await writeFile(file, "x");
    const error = await pgliteDialect({ dataDir: join(file, "db") })
      .connect()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ATHANOR_CONNECTION_FAILED", meta: { dataDir: join(file, "db") } });
    expect((error as Error).message).toContain(join(file, "db"));
  }, 180_000); // starts PGlite: the tier's limit (see the top)
});
