import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defineRevision,
  downgrade,
  isAthanorError,
  operations,
  type RevisionDefinition,
  upgrade,
} from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { introspectSqlite } from "./introspector.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openSqliteConnection } from "./sqlite-driver.js";
import { sqliteFileOf } from "./sqlite-url.js";
import { FILE_DRIVERS } from "./testing/drivers.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-runner-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(folder, `db${n++}.sqlite`);

const history = (): RevisionDefinition[] => [
  defineRevision({
    id: "a1",
    parents: [],
    upgrade: (op) => {
      op.createTable("parents", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "name", type: "text", nullable: false, default: "'anon'" },
        ],
        primaryKey: ["id"],
      });
      op.createTable("children", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "parent_id", type: "integer", nullable: false },
        ],
        primaryKey: ["id"],
        foreignKeys: [
          {
            name: "children_parent",
            columns: ["parent_id"],
            references: { table: "parents", columns: ["id"] },
            onDelete: "cascade",
          },
        ],
      });
      op.createIndex("children_parent_idx", "children", ["parent_id"]);
    },
    downgrade: (op) => {
      op.dropTable("children");
      op.dropTable("parents");
    },
  }),
  defineRevision({
    id: "b2",
    parents: ["a1"],
    upgrade: (op) => {
      op.addColumn("parents", { name: "note", type: "text" });
      op.renameColumn("parents", "name", "title");
    },
    downgrade: (op) => {
      op.renameColumn("parents", "title", "name");
      op.dropColumn("parents", "note");
    },
  }),
];

describe.each(FILE_DRIVERS)("SQLite runner (%s, a temp file)", (driver) => {
  test("upgrade records both revisions in the version and history tables, downgrade to base leaves no user table", async () => {
    const dialect = sqliteDialect({ file: freshFile(), driver });
    const up = await upgrade({ dialect, revisions: history() }, "heads");
    expect(up.error).toBeUndefined();
    expect(up.heads.after).toEqual(["b2"]);
    const conn = await dialect.connect();
    try {
      const model = await introspectSqlite(conn, { versionTable: "athanor_version" });
      expect(model.tables.map((t) => t.name)).toEqual(["children", "parents"]);
      const parents = model.tables.find((t) => t.name === "parents");
      expect(parents?.columns.map((c) => c.name)).toEqual(["id", "title", "note"]);
      const history = await conn.query<{ revision: string; status: string; checksum: string | null }>(
        'SELECT revision, status, checksum FROM "athanor_version_history" ORDER BY id',
      );
      expect(history.rows.map((r) => [r.revision, r.status])).toEqual([
        ["a1", "ok"],
        ["b2", "ok"],
      ]);
      expect(history.rows.every((r) => typeof r.checksum === "string" && r.checksum.length > 0)).toBe(true);
    } finally {
      await conn.close();
    }
    const down = await downgrade({ dialect, revisions: history() }, "base");
    expect(down.error).toBeUndefined();
    const after = await dialect.connect();
    try {
      expect((await introspectSqlite(after, { versionTable: "athanor_version" })).tables).toEqual([]);
    } finally {
      await after.close();
    }
  });

  test("a revision failing part-way rolls back its DDL with it: the table it created is gone, the version unchanged", async () => {
    const dialect = sqliteDialect({ file: freshFile(), driver });
    const failing = defineRevision({
      id: "c3",
      parents: ["b2"],
      upgrade: (op) => {
        op.createTable("orphans", { columns: [{ name: "id", type: "integer", nullable: false }] });
        op.execute("INSERT INTO no_such_table VALUES (1)");
      },
      downgrade: (op) => op.dropTable("orphans"),
    });
    const up = await upgrade({ dialect, revisions: [...history(), failing] }, "heads");
    expect((up.error as { code?: string } | undefined)?.code).toBe("ATHANOR_MIGRATION_FAILED");
    expect(up.heads.after).toEqual(["b2"]);
    const conn = await dialect.connect();
    try {
      const tables = await conn.query<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE name = 'orphans'",
      );
      expect(tables.rows).toEqual([]);
    } finally {
      await conn.close();
    }
  });

  test("an operation SQLite has no notion of (a named enum) is refused with ATHANOR_UNSUPPORTED and the revision changes nothing", async () => {
    const dialect = sqliteDialect({ file: freshFile(), driver });
    const enumRevision = defineRevision({
      id: "c3",
      parents: ["b2"],
      upgrade: (op) => {
        op.addColumn("parents", { name: "mood", type: "text" });
        op.createEnum("mood", ["happy", "sad"]);
      },
      downgrade: (op) => op.dropEnum("mood"),
    });
    const up = await upgrade({ dialect, revisions: [...history(), enumRevision] }, "heads");
    const error = up.error as
      | { code?: string; message?: string; meta?: { cause?: { code?: string } } }
      | undefined;
    expect([error?.code, error?.meta?.cause?.code]).toEqual([
      "ATHANOR_MIGRATION_FAILED",
      "ATHANOR_UNSUPPORTED",
    ]);
    expect(error?.message).toContain("SQLite has no named enum types");
    expect(up.heads.after).toEqual(["b2"]);
    const conn = await dialect.connect();
    try {
      const columns = await conn.query<{ name: string }>("SELECT name FROM pragma_table_info('parents')");
      expect(columns.rows.map((r) => r.name)).toEqual(["id", "title", "note"]);
    } finally {
      await conn.close();
    }
    let code: unknown;
    try {
      sqliteDialect({ file: ":memory:" }).render(operations.createEnum("mood", ["happy"]));
    } catch (e) {
      code = isAthanorError(e) ? e.code : e;
    }
    expect(code).toBe("ATHANOR_UNSUPPORTED");
  });
});

describe("SQLite URLs", () => {
  test("file: and sqlite: URLs resolve against the config folder; :memory: stays in memory", () => {
    expect(sqliteFileOf("file:./data/app.db", "/repo")).toBe("/repo/data/app.db");
    expect(sqliteFileOf("file:///srv/app.db", "/repo")).toBe("/srv/app.db");
    // RFC 8089's host form, as SQLite reads it: not a folder "localhost" beside the config
    expect(sqliteFileOf("file://localhost/srv/app.db", "/repo")).toBe("/srv/app.db");
    expect(sqliteFileOf("file://LOCALHOST/srv/app.db", "/repo")).toBe("/srv/app.db");
    expect(sqliteFileOf("sqlite:app.db", "/repo")).toBe("/repo/app.db");
    expect(sqliteFileOf("sqlite::memory:", "/repo")).toBe(":memory:");
    expect(sqliteFileOf("file:my%20db.sqlite", "/repo")).toBe("/repo/my db.sqlite");
  });

  test("a URL naming no file, malformed percent-encoding or a control character is refused, never opened as something else", () => {
    const codeOf = (url: string) => {
      try {
        return sqliteFileOf(url, "/repo");
      } catch (error) {
        return isAthanorError(error) ? error.code : error;
      }
    };
    // an empty path would be SQLite's throw-away database: every migration "applied" into nothing
    for (const url of ["file:", "sqlite:", "file://", "sqlite:///"])
      expect(codeOf(url), url).toBe(url === "sqlite:///" ? "/" : "ATHANOR_CONFIG_INVALID");
    expect(codeOf("file:a%zz.db")).toBe("ATHANOR_CONFIG_INVALID");
    // %00 would cut the name short at the C string's end: the file "a", not "a\0b.db"
    expect(codeOf("file:./a%00b.db")).toBe("ATHANOR_CONFIG_INVALID");
    expect(codeOf("file:./a%0Ab.db")).toBe("ATHANOR_CONFIG_INVALID");
    expect(codeOf("file::memory:")).toBe(":memory:");
    // another server's URL is refused, not taken as the relative path "postgres:/me:pw@db/app"
    expect(codeOf("postgres://me:pw@db/app")).toBe("ATHANOR_CONFIG_INVALID");
    expect(codeOf("MYSQL://me@db/app")).toBe("ATHANOR_CONFIG_INVALID");
    expect(codeOf("C://data/app.db")).toBe("/repo/C:/data/app.db");
    // a scheme without `//` is no file name either: `d1-http:abc` created the file "d1-http:abc"
    for (const url of ["d1-http:abc", "postgres:me:pw@db/app", "libsql:app.db"])
      expect(codeOf(url), url).toBe("ATHANOR_CONFIG_INVALID");
    expect(codeOf("./d1-http:abc")).toBe("/repo/d1-http:abc");
    // a host other than localhost: SQLite and @libsql/client refuse it, athanor opened ./app.db
    for (const url of ["file://app.db", "file://otherhost/srv/app.db", "FILE://data/app.db"])
      expect(codeOf(url), url).toBe("ATHANOR_CONFIG_INVALID");
    // sqlite://app.db alike: @libsql/client refuses every sqlite: URL, better-sqlite3 (as drizzle-kit
    // hands it on) looks for a folder "sqlite:"; athanor opened ./app.db, which neither would
    for (const url of ["sqlite://app.db", "sqlite://data/app.db", "SQLITE://:memory:"])
      expect(codeOf(url), url).toBe("ATHANOR_CONFIG_INVALID");
    expect(() => sqliteFileOf("sqlite://app.db", "/repo")).toThrow(
      "names a host (sqlite://host/path); a file on this machine is sqlite:./relative.db",
    );
    expect(codeOf("sqlite://localhost/srv/app.db")).toBe("/srv/app.db");
    expect(codeOf("sqlite:///srv/app.db")).toBe("/srv/app.db");
  });

  test("a query string is refused, not ignored", () => {
    let code: unknown;
    try {
      sqliteFileOf("file:./app.db?mode=ro", "/repo");
    } catch (error) {
      code = isAthanorError(error) ? error.code : error;
    }
    expect(code).toBe("ATHANOR_CONFIG_INVALID");
  });

  test("a remote libSQL (Turso) URL goes through @libsql/client; unreachable, it is ATHANOR_CONNECTION_FAILED naming the host, never the token", async () => {
    for (const file of ["libsql://athanor-test.invalid", "https://athanor-test.invalid"]) {
      const dialect = sqliteDialect({ file, driver: "@libsql/client", authToken: "secret-token-123" });
      const error = await dialect.connect().catch((e: unknown) => e);
      expect(isAthanorError(error) ? [error.code, error.meta.host] : error).toEqual([
        "ATHANOR_CONNECTION_FAILED",
        "athanor-test.invalid",
      ]);
      expect(String((error as Error).message)).not.toContain("secret-token-123");
    }
  });

  test("a file that is not a database is ATHANOR_CONNECTION_FAILED naming it", async () => {
    const bogus = join(folder, "not-a-db.txt");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      bogus,
      "this is not a SQLite database, just text that is long enough to have a header".repeat(10),
    );
    const error = await openSqliteConnection(bogus).catch((e: unknown) => e);
    expect(isAthanorError(error) ? error.code : error).toBe("ATHANOR_CONNECTION_FAILED");
    expect(String((error as Error).message)).toContain("not-a-db.txt");
  });
});
