import { defineRevision, downgrade, isAthanorError, upgrade } from "@athanor/core";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { describeMigrations } from "./describe-migrations.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

// A throw-away Cloudflare D1 (`d1::memory:`): miniflare 3's local D1, D1's own engine, one
// instance per database. What makes it D1 and not SQLite is proved here, not assumed.

// A history with what D1 makes hard: a parent with ON DELETE CASCADE children, rebuilt (its
// column's nullability changes), and a child kept through it.
const HISTORY = [
  defineRevision({
    id: "d1a",
    parents: [],
    upgrade: (op) =>
      op.createTable("authors", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "name", type: "text", nullable: true },
        ],
        primaryKey: ["id"],
      }),
    downgrade: (op) => op.dropTable("authors"),
  }),
  defineRevision({
    id: "d1b",
    parents: ["d1a"],
    upgrade: (op) =>
      op.createTable("books", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "author_id", type: "integer", nullable: false },
        ],
        primaryKey: ["id"],
        foreignKeys: [
          {
            name: "books_author_id_authors_id_fk",
            columns: ["author_id"],
            references: { table: "authors", columns: ["id"] },
            onDelete: "cascade",
          },
        ],
      }),
    downgrade: (op) => op.dropTable("books"),
  }),
  defineRevision({
    id: "d1c",
    parents: ["d1b"],
    upgrade: (op) => op.alterColumn("authors", "name", { nullable: false, default: "''" }),
    downgrade: (op) => op.alterColumn("authors", "name", { nullable: true, default: null }),
  }),
];

const authors = sqliteTable("authors", {
  id: integer().primaryKey(),
  name: text().notNull().default(""),
});
const books = sqliteTable("books", {
  id: integer().primaryKey(),
  authorId: integer("author_id")
    .notNull()
    .references(() => authors.id, { onDelete: "cascade" }),
});

// Every @athanor/testing check, walking the history on a throw-away D1.
describeMigrations(
  {
    revisions: HISTORY,
    database: { url: "d1::memory:" },
    desired: { drizzleModules: [{ authors, books }] },
    smoke: async ({ connection }) => {
      await connection.query("SELECT id, name FROM authors");
    },
  },
  { name: "describeMigrations on a throw-away D1" },
);

async function rows(db: TestDatabase, sql: string) {
  const conn = await db.connect();
  try {
    return (await conn.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await conn.close();
  }
}

describe("createTestDatabase({ url: 'd1::memory:' })", () => {
  it("is D1's engine: SQL transactions and integrity_check refused, foreign keys stay on whatever the session asks", async () => {
    const db = await createTestDatabase({ url: "d1::memory:" });
    try {
      expect([db.dialectName, db.name, db.url]).toEqual(["sqlite", "d1", undefined]);
      const conn = await db.connect();
      try {
        await conn.query("PRAGMA foreign_keys = OFF");
        expect((await conn.query<{ foreign_keys: number }>("PRAGMA foreign_keys")).rows).toEqual([
          { foreign_keys: 1 },
        ]);
        // the D1 session turns BEGIN into a batch; D1 itself refuses SQL transactions and integrity_check
        const refused = (sql: string) =>
          conn.executeScript([sql]).then(
            () => "ran",
            (e: unknown) => (e as Error).message,
          );
        expect(await refused("SAVEPOINT s")).toMatch(
          /To execute a transaction, please use the state\.storage\.transaction/,
        );
        expect(await refused("PRAGMA integrity_check")).toMatch(/not authorized/);
      } finally {
        await conn.close();
      }
    } finally {
      await db.dispose();
    }
  });

  it("upgrades and downgrades through d1Dialect; a rebuild of the parent keeps every ON DELETE CASCADE child", async () => {
    const db = await createTestDatabase({ url: "d1::memory:" });
    try {
      const up1 = await upgrade({ dialect: db.dialect, revisions: HISTORY }, "d1b");
      expect(up1.error, String(up1.error?.message)).toBeUndefined();
      const conn = await db.connect();
      try {
        await conn.query("INSERT INTO authors (id, name) VALUES (1, 'a'), (2, 'b')");
        await conn.query("INSERT INTO books (id, author_id) VALUES (1, 1), (2, 1), (3, 2)");
      } finally {
        await conn.close();
      }
      const up2 = await upgrade({ dialect: db.dialect, revisions: HISTORY }, "heads");
      expect(up2.error, String(up2.error?.message)).toBeUndefined();
      expect(await rows(db, "SELECT id, author_id FROM books ORDER BY id")).toEqual([
        { id: 1, author_id: 1 },
        { id: 2, author_id: 1 },
        { id: 3, author_id: 2 },
      ]);
      const authorsTable = (await db.introspect()).tables.find((t) => t.name === "authors");
      expect(authorsTable?.columns.find((c) => c.name === "name")?.nullable).toBe(false);
      const down = await downgrade({ dialect: db.dialect, revisions: HISTORY }, "d1b");
      expect(down.error, String(down.error?.message)).toBeUndefined();
      expect(await rows(db, "SELECT count(*) AS n FROM books")).toEqual([{ n: 3 }]);
    } finally {
      await db.dispose();
    }
  });

  it("reset empties it although D1 ignores foreign_keys = OFF (children with rows under a NO ACTION key); two are independent; dispose twice is safe", async () => {
    const [db, other] = await Promise.all([
      createTestDatabase({ url: "d1::memory:" }),
      createTestDatabase({ url: "d1::memory:" }),
    ]);
    try {
      const conn = await db.connect();
      try {
        await conn.executeScript([
          "CREATE TABLE p (id integer PRIMARY KEY)",
          "CREATE TABLE c (id integer PRIMARY KEY, p integer REFERENCES p (id))",
          "CREATE INDEX c_p ON c (p)",
          "CREATE VIEW v AS SELECT * FROM c",
          "INSERT INTO p VALUES (1)",
          "INSERT INTO c VALUES (1, 1)",
        ]);
      } finally {
        await conn.close();
      }
      expect((await other.introspect()).tables).toEqual([]);
      expect((await db.introspect()).tables.map((t) => t.name).sort()).toEqual(["c", "p"]);
      await db.reset();
      expect(
        await rows(db, "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE '\\_%' ESCAPE '\\'"),
      ).toEqual([]);
      expect((await db.introspect()).tables).toEqual([]);
    } finally {
      await db.dispose();
      await db.dispose();
      await other.dispose();
    }
  });

  it("reset empties it when a child's key names a parent column that only a unique index makes a key (the index goes with its table)", async () => {
    const db = await createTestDatabase({ url: "d1::memory:" });
    try {
      const conn = await db.connect();
      try {
        // drizzle's text("code").unique() is such an index. Dropped before the tables, the batch
        // failed with "foreign key mismatch" (found with this shape: dropping kinds, whose DELETE
        // has SET DEFAULT to run on items, after parents, which items also references)
        await conn.executeScript([
          "CREATE TABLE parents (a integer PRIMARY KEY)",
          "CREATE TABLE kinds (id integer PRIMARY KEY, code text)",
          "CREATE TABLE items (id integer PRIMARY KEY, a integer REFERENCES parents (a) ON DELETE CASCADE, code text REFERENCES kinds (code), k integer REFERENCES kinds (id) ON DELETE SET DEFAULT)",
          "CREATE UNIQUE INDEX kinds_code_unique ON kinds (code)",
        ]);
      } finally {
        await conn.close();
      }
      await db.reset();
      expect(
        await rows(db, "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE '\\_%' ESCAPE '\\'"),
      ).toEqual([]);
    } finally {
      await db.dispose();
    }
  });

  it("any other d1: URL is refused with a coded error naming the one it takes", async () => {
    const error = await createTestDatabase({ url: "d1:./folder" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONFIG_INVALID");
    expect((error as Error).message).toContain('"d1::memory:"');
  });
});
