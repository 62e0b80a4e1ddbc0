import type { Connection } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { connectPostgres, type PostgresNotice } from "./postgres-driver.js";
import { createTestDatabase, TEST_PG_URL, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
beforeAll(async () => {
  db = await createTestDatabase("driver");
}, 30_000);
afterAll(async () => {
  await db?.drop();
});

async function withConnection<T>(
  body: (conn: Connection) => Promise<T>,
  notices?: (n: PostgresNotice) => void,
): Promise<T> {
  const conn = await connectPostgres({ url: db.url }, { onNotice: notices });
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}

describe("postgres.js driver", () => {
  test("query binds parameters and reports affected rows", async () => {
    await withConnection(async (conn) => {
      await conn.executeScript(["CREATE TABLE q (id int PRIMARY KEY, name text)"]);
      const inserted = await conn.query("INSERT INTO q VALUES ($1, $2), ($3, $4)", [1, "a", 2, "it's"]);
      expect(inserted.rowCount).toBe(2);
      const { rows } = await conn.query<{ name: string }>("SELECT name FROM q WHERE id = $1", [2]);
      expect(rows).toEqual([{ name: "it's" }]);
    });
  });

  test("executeScript runs every statement, in order, in one session", async () => {
    await withConnection(async (conn) => {
      await conn.executeScript([
        "CREATE TABLE s (n int)",
        "INSERT INTO s VALUES (1)",
        "INSERT INTO s SELECT max(n) + 1 FROM s -- a trailing comment",
        "SET application_name = 'changed-in-script'",
      ]);
      const { rows } = await conn.query<{ n: number }>("SELECT n FROM s ORDER BY n");
      expect(rows.map((r) => r.n)).toEqual([1, 2]);
      const name = await conn.query<{ a: string }>("SELECT current_setting('application_name') AS a");
      expect(name.rows[0]?.a).toBe("changed-in-script");
    });
  });

  test("a failing script names the failing statement and, outside BEGIN, leaves nothing behind", async () => {
    await withConnection(async (conn) => {
      const failure = await conn
        .executeScript([
          "CREATE TABLE f1 (id int)",
          "INSERT INTO f1 VALUES (1)",
          "SELECT * FROM no_such_table",
          "CREATE TABLE f2 (id int)",
        ])
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: "42P01",
        statementIndex: 2,
        statement: "SELECT * FROM no_such_table",
      });
      const { rows } = await conn.query("SELECT to_regclass('f1') AS t");
      expect(rows[0]).toEqual({ t: null });
    });
  });

  test("inside an explicit transaction the error position still identifies the statement", async () => {
    await withConnection(async (conn) => {
      const failure = await conn
        .executeScript(["BEGIN", "CREATE TABLE g (id int)", "ALTER TABLE g ADD COLUMN x nosuchtype"])
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: "42704", statementIndex: 2 });
      await conn.executeScript(["ROLLBACK"]);
      expect((await conn.query("SELECT to_regclass('g') AS t")).rows[0]).toEqual({ t: null });
    });
  });

  test("CREATE INDEX CONCURRENTLY in a script runs outside the implicit transaction", async () => {
    await withConnection(async (conn) => {
      await conn.executeScript([
        "CREATE TABLE c (a int)",
        "CREATE INDEX CONCURRENTLY c_a ON c (a)",
        "INSERT INTO c VALUES (1)",
      ]);
      const { rows } = await conn.query("SELECT indexname FROM pg_indexes WHERE tablename = 'c'");
      expect(rows).toEqual([{ indexname: "c_a" }]);
    });
  });

  test("server notices go to onNotice, never to stdout; the session is named athanor", async () => {
    const log = vi.spyOn(console, "log");
    const notices: PostgresNotice[] = [];
    try {
      await withConnection(
        async (conn) => {
          await conn.executeScript([
            "CREATE TABLE IF NOT EXISTS n (id int)",
            "CREATE TABLE IF NOT EXISTS n (id int)",
          ]);
          const { rows } = await conn.query<{ a: string }>("SELECT current_setting('application_name') AS a");
          expect(rows[0]?.a).toBe("athanor");
        },
        (n) => notices.push(n),
      );
      expect(log).not.toHaveBeenCalled();
      expect(notices).toEqual([
        expect.objectContaining({ code: "42P07", message: 'relation "n" already exists, skipping' }),
      ]);
    } finally {
      log.mockRestore();
    }
  });

  test("close is idempotent and ends the session", async () => {
    const conn = await connectPostgres({ url: db.url });
    const pid = (await conn.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    await conn.close();
    await conn.close();
    await withConnection(async (other) => {
      await expect
        .poll(
          async () => (await other.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rows.length,
          // the backend leaves pg_stat_activity when it has exited; a loaded server can take longer
          // for that than expect.poll's default second
          { timeout: 30_000, interval: 50 },
        )
        .toBe(0);
    });
  });

  test("a postgres.js client of your own: one reserved connection, given back (not ended) on close", async () => {
    const { default: postgres } = await import("postgres");
    const client = postgres(db.url, { max: 2, onnotice: () => {} });
    try {
      const conn = await connectPostgres({ client });
      await conn.query("SELECT pg_advisory_lock(42)");
      await conn.close();
      // the pool still works, and the lock taken on the reserved connection did not leak into it
      const rows = await client.unsafe(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 42",
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await client.end();
    }
  });
});

describe("connection failures are ATHANOR_CONNECTION_FAILED with a clear cause", () => {
  const url = new URL(TEST_PG_URL);
  const withPath = (user: string, database: string, port = url.port || "5432") =>
    `postgres://${user}@${url.hostname}:${port}/${database}`;

  test("unreachable server (closed port)", async () => {
    const error = await connectPostgres({ url: withPath("postgres", "postgres", "1") }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "ATHANOR_CONNECTION_FAILED",
      meta: { host: url.hostname, port: 1, causeCode: "ECONNREFUSED" },
    });
    expect((error as Error).message).toContain("Start the server");
  });

  test("unknown role (28000; the test server trusts every local user, so a wrong password cannot be provoked)", async () => {
    const error = await connectPostgres({ url: withPath("athanor_no_such_role", db.name) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "ATHANOR_CONNECTION_FAILED",
      meta: { user: "athanor_no_such_role", causeCode: "28000" },
    });
    expect((error as Error).message).toContain('refused user "athanor_no_such_role"');
  });

  test("missing database (3D000)", async () => {
    const error = await connectPostgres({ url: withPath("postgres", "athanor_missing_db") }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "ATHANOR_CONNECTION_FAILED",
      meta: { database: "athanor_missing_db", causeCode: "3D000" },
    });
    expect((error as Error).message).toContain("createdb athanor_missing_db");
  });

  test("malformed URL", async () => {
    const error = await connectPostgres({ url: "postgres://postgres@127.0.0.1:port/db" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "ATHANOR_CONNECTION_FAILED", meta: { causeCode: "INVALID_URL" } });
  });

  test("unresolvable host", async () => {
    const error = await connectPostgres({ url: "postgres://postgres@athanor-no-such-host.invalid/db" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "ATHANOR_CONNECTION_FAILED",
      meta: { host: "athanor-no-such-host.invalid" },
    });
    expect(["ENOTFOUND", "EAI_AGAIN"]).toContain((error as { meta: { causeCode: string } }).meta.causeCode);
  });

  test("a host that never answers fails within the connect timeout, not minutes", async () => {
    const started = performance.now();
    // 10.255.255.1 is a non-routed address: packets are dropped (or refused at once by a strict network).
    const error = await connectPostgres(
      { url: "postgres://postgres@10.255.255.1:5432/db" },
      { connectTimeoutMs: 1_000 },
    ).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(error).toMatchObject({ code: "ATHANOR_CONNECTION_FAILED", meta: { host: "10.255.255.1" } });
  });
});

test("a client of your own that cannot connect also fails with ATHANOR_CONNECTION_FAILED", async () => {
  const { default: postgres } = await import("postgres");
  const client = postgres("postgres://postgres@127.0.0.1:1/nowhere", { max: 1, connect_timeout: 2 });
  try {
    const error = await connectPostgres({ client }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ATHANOR_CONNECTION_FAILED",
      meta: { host: "127.0.0.1", port: 1, database: "nowhere", causeCode: "ECONNREFUSED" },
    });
  } finally {
    await client.end({ timeout: 0 });
  }
});
