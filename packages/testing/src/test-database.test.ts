import { isAthanorError, upgrade } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { createTestDatabase, uniqueDatabaseName } from "./test-database.js";
import { SAMPLE_HISTORY } from "./testing/sample-history.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const admin = await createTestDatabase({ url: adminUrl, prefix: "probe" });
  try {
    const conn = await admin.connect();
    try {
      const sql =
        admin.kind === "mysql"
          ? "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name = ?"
          : "SELECT datname AS name FROM pg_database WHERE datname = $1";
      return (await conn.query(sql, [name])).rows.length === 1;
    } finally {
      await conn.close();
    }
  } finally {
    await admin.dispose();
  }
}

describe("createTestDatabase", () => {
  it.each([
    ["PostgreSQL", TEST_SERVERS.postgres, "postgresql"],
    ["MariaDB", TEST_SERVERS.mysql, "mysql"],
  ] as const)(
    "creates a fresh, uniquely named database on %s and drops it on dispose",
    async (_, url, kind) => {
      const a = await createTestDatabase({ url, prefix: "fixture file.test.ts" });
      const b = await createTestDatabase({ url, prefix: "fixture file.test.ts" });
      try {
        expect(a.kind).toBe(kind);
        expect(a.name).toMatch(/^athanor_t_fixture_file_test_ts_[a-z0-9]+$/);
        expect(a.name).not.toBe(b.name);
        expect(a.url).toContain(`/${a.name}`);
        const run = await upgrade({ dialect: a.dialect, revisions: SAMPLE_HISTORY }, "heads");
        expect(run.error).toBeUndefined();
        expect((await a.introspect()).tables.map((t) => t.name).sort()).toEqual(["posts", "tags", "users"]);
        // the other database is untouched, and reset empties this one
        expect((await b.introspect()).tables).toEqual([]);
        await a.reset();
        expect((await a.introspect()).tables).toEqual([]);
      } finally {
        await a.dispose();
        await b.dispose();
        await a.dispose(); // twice is harmless
      }
      expect(await databaseExists(url, a.name)).toBe(false);
      expect(await databaseExists(url, b.name)).toBe(false);
    },
  );

  it("uses PGlite in memory without a URL, and reset drops every schema", async () => {
    const db = await createTestDatabase({ url: "pglite" });
    try {
      expect(db.kind).toBe("pglite");
      const conn = await db.connect();
      try {
        await conn.executeScript([
          "CREATE SCHEMA audit",
          "CREATE TABLE audit.events (id int)",
          "CREATE TYPE mood AS ENUM ('ok')",
        ]);
      } finally {
        await conn.close();
      }
      const before = await db.introspect();
      expect(before.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(["audit.events"]);
      expect(before.enums.map((e) => e.name)).toEqual(["mood"]);
      await db.reset();
      const after = await db.introspect();
      expect(after.tables).toEqual([]);
      expect(after.enums).toEqual([]);
      expect(after.schemas).toEqual(["public"]);
    } finally {
      await db.dispose();
    }
  });

  it.each([
    ["PostgreSQL", "postgres://postgres@127.0.0.1:1/test"],
    ["MySQL", "mysql://root@127.0.0.1:1/test"],
  ])("fails loudly with ATHANOR_CONNECTION_FAILED when the %s server is unreachable", async (_, url) => {
    const error = await createTestDatabase({ url, connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONNECTION_FAILED");
  });

  it("rejects an unknown URL scheme, hiding the password", async () => {
    const error = await createTestDatabase({ url: "oracle://u:secret@host/db" }).catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONFIG_INVALID");
    expect((error as Error).message).toContain("oracle://u:***@host/db");
    expect((error as Error).message).not.toContain("secret");
  });

  it("names databases within PostgreSQL's 63-byte limit using only safe characters", () => {
    const name = uniqueDatabaseName("A very long test file name with ünïcode and dots.test.ts".repeat(3));
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^athanor_t_[a-z0-9_]+$/);
  });
});
