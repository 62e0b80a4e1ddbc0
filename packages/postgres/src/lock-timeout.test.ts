import {
  type Connection,
  type Dialect,
  defineRevision,
  findInvalidIndexes,
  type RevisionDefinition,
  type RunnerEvent,
  upgrade,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
let dialect: Dialect;
beforeAll(async () => {
  db = await createTestDatabase("locktimeout");
  dialect = postgresDialect({ url: db.url });
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

async function withConn<T>(body: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await dialect.connect();
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}

/** A second session holding a lock until `release()`. */
async function holdLock(statements: string[]): Promise<{ release: () => Promise<void> }> {
  const conn = await dialect.connect();
  await conn.executeScript(["BEGIN", ...statements]);
  return {
    async release() {
      await conn.executeScript(["COMMIT"]);
      await conn.close();
    },
  };
}

/** Records every event and releases `holder` once `count` lock retries were reported. */
function releaseAfterRetries(
  events: RunnerEvent[],
  count: number,
  holder: { release: () => Promise<void> },
): (event: RunnerEvent) => void {
  return (event) => {
    events.push(event);
    if (event.type === "lock-retry" && events.filter((e) => e.type === "lock-retry").length === count)
      void holder.release();
  };
}

const rev = (id: string, upgradeFn: RevisionDefinition["upgrade"], transactional = true) =>
  defineRevision({ id, parents: [], message: id, transactional, upgrade: upgradeFn, downgrade() {} });
const fast = { lockTimeoutMs: 100, backoffMs: 50, maxBackoffMs: 200 };

describe("lock-safe execution on PostgreSQL 15", () => {
  test("retries the revision after lock timeouts and succeeds once the lock is released", async () => {
    await withConn((c) => c.executeScript(["CREATE TABLE busy (id int PRIMARY KEY)"]));
    const holder = await holdLock(["LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"]);
    const events: RunnerEvent[] = [];
    // released after the second retry, not after a fixed time: under load a timer can fire
    // before the run first reaches the lock, and then nothing is retried at all
    const run = await upgrade({
      dialect,
      revisions: [rev("b1", (op) => op.execute("ALTER TABLE busy ADD COLUMN note text"))],
      versionTable: { name: "v_busy" },
      lockRetry: { ...fast, retries: 30 },
      onProgress: releaseAfterRetries(events, 2, holder),
    });
    expect(run.error).toBeUndefined();
    expect(run.results[0]?.status).toBe("applied");
    const retries = events.filter((e) => e.type === "lock-retry");
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries[0]).toMatchObject({ scope: "revision", attempt: 1, retries: 30 });
    const columns = await withConn(
      async (c) =>
        (
          await c.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'busy' ORDER BY 1",
          )
        ).rows,
    );
    expect(columns).toEqual([{ column_name: "id" }, { column_name: "note" }]);
    const history = await withConn(async (c) =>
      (await c.query("SELECT status FROM v_busy_history ORDER BY id")).rows.map((r) => r.status),
    );
    expect(history.at(-1)).toBe("ok");
    expect(history.slice(0, -1).every((s) => s === "failed")).toBe(true);
  }, 60_000);

  test("fails with ATHANOR_LOCK_RETRIES_EXHAUSTED when the lock is never released, leaving nothing applied", async () => {
    await withConn((c) => c.executeScript(["CREATE TABLE stuck (id int PRIMARY KEY)"]));
    const holder = await holdLock(["LOCK TABLE stuck IN ACCESS EXCLUSIVE MODE"]);
    try {
      const events: RunnerEvent[] = [];
      const run = await upgrade({
        dialect,
        revisions: [rev("s1", (op) => op.execute("ALTER TABLE stuck ADD COLUMN note text"))],
        versionTable: { name: "v_stuck" },
        lockRetry: { ...fast, retries: 2 },
        onProgress: (e) => events.push(e),
      });
      expect(run.error?.code).toBe("ATHANOR_LOCK_RETRIES_EXHAUSTED");
      expect(run.error?.message).toContain("3 attempts timed out waiting (lock timeout 100 ms per attempt)");
      expect(run.error?.message).toContain("pg_stat_activity");
      expect(run.results[0]?.status).toBe("failed");
      expect(events.filter((e) => e.type === "lock-retry")).toHaveLength(2);
    } finally {
      await holder.release();
    }
    const columns = await withConn(
      async (c) =>
        (await c.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'stuck'")).rows,
    );
    expect(columns).toEqual([{ column_name: "id" }]);
  }, 60_000);

  test("a revision's op.lockRetry overrides the run's settings", async () => {
    await withConn((c) => c.executeScript(["CREATE TABLE own (id int PRIMARY KEY)"]));
    const holder = await holdLock(["LOCK TABLE own IN ACCESS EXCLUSIVE MODE"]);
    try {
      const run = await upgrade({
        dialect,
        revisions: [
          rev("o1", (op) => {
            op.lockRetry({ lockTimeoutMs: 50, retries: 0 });
            op.execute("ALTER TABLE own ADD COLUMN note text");
          }),
        ],
        versionTable: { name: "v_own" },
        lockRetry: { ...fast, retries: 50 },
      });
      expect(run.error?.code).toBe("ATHANOR_LOCK_RETRIES_EXHAUSTED");
      expect(run.error?.message).toContain("1 attempt timed out waiting (lock timeout 50 ms per attempt)");
    } finally {
      await holder.release();
    }
  }, 60_000);

  test("a backfill batch blocked by a row lock is retried on its own and the backfill completes", async () => {
    await withConn((c) =>
      c.executeScript([
        "CREATE TABLE rows_locked (id int PRIMARY KEY, v int)",
        "INSERT INTO rows_locked SELECT g, NULL FROM generate_series(1, 500) g",
      ]),
    );
    const holder = await holdLock(["SELECT * FROM rows_locked WHERE id = 350 FOR UPDATE"]);
    const events: RunnerEvent[] = [];
    const run = await upgrade({
      dialect,
      revisions: [
        rev(
          "r1",
          async (op) =>
            void (await op.backfill({
              table: "rows_locked",
              set: { v: "id" },
              where: "v IS NULL",
              batchSize: 100,
            })),
        ),
      ],
      versionTable: { name: "v_rows" },
      lockRetry: { ...fast, retries: 30 },
      onProgress: releaseAfterRetries(events, 2, holder),
    });
    expect(run.error).toBeUndefined();
    const retries = events.filter((e) => e.type === "lock-retry");
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.every((e) => e.type === "lock-retry" && e.scope === "backfill-batch")).toBe(true);
    expect(
      await withConn(
        async (c) => (await c.query("SELECT count(*)::int AS n FROM rows_locked WHERE v = id")).rows[0],
      ),
    ).toEqual({ n: 500 });
  }, 60_000);

  test("an invalid index left by a failed CREATE INDEX CONCURRENTLY is reported and blocks a revision creating the same name", async () => {
    await withConn(async (c) => {
      await c.executeScript([
        "CREATE TABLE dup (id int PRIMARY KEY, v int)",
        "INSERT INTO dup VALUES (1, 7), (2, 7)",
      ]);
      await expect(
        c.executeScript(["CREATE UNIQUE INDEX CONCURRENTLY dup_v_key ON dup (v)"]),
      ).rejects.toThrow();
    });
    const options = {
      dialect,
      revisions: [
        rev(
          "x1",
          (op) => op.execute("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS dup_v_key ON dup (v)"),
          false,
        ),
      ],
      versionTable: { name: "v_dup" },
    };
    const found = await findInvalidIndexes(options);
    expect(found).toEqual([
      expect.objectContaining({
        schema: "public",
        table: "dup",
        index: "dup_v_key",
        fix: 'DROP INDEX CONCURRENTLY IF EXISTS "public"."dup_v_key"',
      }),
    ]);
    const blocked = await upgrade(options);
    expect(blocked.error?.code).toBe("ATHANOR_INVALID_INDEX");
    expect(blocked.error?.message).toContain('DROP INDEX CONCURRENTLY IF EXISTS "public"."dup_v_key"');
    expect(blocked.results[0]?.status).toBe("failed");

    await withConn((c) =>
      c.executeScript([
        "DROP INDEX CONCURRENTLY IF EXISTS public.dup_v_key",
        "UPDATE dup SET v = 8 WHERE id = 2",
      ]),
    );
    expect((await upgrade(options)).error).toBeUndefined();
    expect(await findInvalidIndexes(options)).toEqual([]);
  }, 60_000);

  test("an invalid index in a schema off the search_path (another tenant's) does not block an unqualified index of that name", async () => {
    await withConn(async (c) => {
      await c.executeScript([
        "CREATE SCHEMA other_tenant",
        "CREATE TABLE other_tenant.seats (id int PRIMARY KEY, v int)",
        "INSERT INTO other_tenant.seats VALUES (1, 7), (2, 7)",
        "CREATE TABLE seats (id int PRIMARY KEY, v int)",
        "INSERT INTO seats VALUES (1, 7), (2, 8)",
      ]);
      await expect(
        c.executeScript(["CREATE UNIQUE INDEX CONCURRENTLY seats_v_key ON other_tenant.seats (v)"]),
      ).rejects.toThrow();
    });
    const options = {
      dialect,
      revisions: [rev("s1", (op) => op.createIndex("seats_v_key", "seats", ["v"], { unique: true }))],
      versionTable: { name: "v_seats" },
    };
    const run = await upgrade(options);
    expect(run.error).toBeUndefined();
    expect(await findInvalidIndexes(options)).toEqual([
      expect.objectContaining({ schema: "other_tenant", index: "seats_v_key", visible: false }),
    ]);
    const valid = await withConn(
      async (c) =>
        (
          await c.query<{ valid: boolean }>(
            "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.oid = 'public.seats_v_key'::regclass",
          )
        ).rows,
    );
    expect(valid).toEqual([{ valid: true }]);
    // the same name qualified with the broken index's schema is still refused
    const qualified = await upgrade({
      ...options,
      revisions: [
        rev("s2", (op) => op.createIndex("seats_v_key", { schema: "other_tenant", name: "seats" }, ["v"])),
      ],
      versionTable: { name: "v_seats2" },
    });
    expect(qualified.error?.code).toBe("ATHANOR_INVALID_INDEX");
  }, 60_000);

  test("a transactional revision without lock timeouts after a non-transactional one runs under the server's default, and the run leaves none set", async () => {
    const seen: string[] = [];
    const sent: string[] = [];
    const run = await upgrade(
      {
        dialect,
        versionTable: { name: "v_left" },
        revisions: [
          defineRevision({
            id: "left1",
            transactional: false,
            upgrade: (op) => void op.execute("CREATE TABLE left1 (id int)"),
            downgrade: (op) => void op.execute("DROP TABLE left1"),
          }),
          defineRevision({
            id: "left2",
            parents: ["left1"],
            upgrade: async (op) => {
              op.lockRetry(false);
              op.execute("CREATE TABLE left2 (id int)");
              const rows = await op.query<{ lock_timeout: string }>("SHOW lock_timeout");
              seen.push(String(rows[0]?.lock_timeout));
            },
            downgrade: (op) => void op.execute("DROP TABLE left2"),
          }),
        ],
      },
      "heads",
      { onStatement: (sql) => sent.push(sql) },
    );
    expect(run.error).toBeUndefined();
    expect(seen).toEqual(["0"]); // the server's default: left1's session timeout was reset before left2
    expect(sent.filter((sql) => /^(SET|RESET) .*lock_timeout/.test(sql))).toEqual([
      "SET lock_timeout = '2000ms'",
      "RESET lock_timeout",
    ]);
  }, 60_000);
});
