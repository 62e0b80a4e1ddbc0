import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, type Dialect, defineRevision, type RunnerEvent, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteCommitBatch } from "./backfill-sql.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { FILE_DRIVERS } from "./testing/drivers.js";

// op.backfill on SQLite: keyset batches by primary key, each its own BEGIN IMMEDIATE transaction
// with the cursor row, on every file driver; each batch's COMMIT checks only the foreign keys the
// batch may have broken (its table's, and those referencing a column it wrote).
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-backfill-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;

async function withConn<T>(dialect: Dialect, body: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await dialect.connect();
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}

/** 1..count as a recursive CTE (SQLite has no generate_series by default). */
const series = (count: number) =>
  `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${count}) `;

describe.each(FILE_DRIVERS)("op.backfill on SQLite through %s", (driver) => {
  const fresh = () => sqliteDialect({ file: join(folder, `db${n++}.sqlite`), driver });

  test("set expressions in keyset batches, skipping rows the where clause excludes; summary in history, cursor row cleared", async () => {
    const dialect = fresh();
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, email_lower text)",
        `${series(2500)}INSERT INTO users SELECT i, 'User' || i || '@Example.COM', NULL FROM g`,
        "UPDATE users SET email_lower = 'kept' WHERE id % 10 = 0",
      ]),
    );
    const events: RunnerEvent[] = [];
    const revisions = [
      defineRevision({
        id: "s1",
        parents: [],
        async upgrade(op) {
          await op.backfill({
            table: "users",
            set: { email_lower: "lower(email)" },
            where: "email_lower IS NULL",
            batchSize: 1000,
          });
        },
        downgrade() {},
      }),
    ];
    const run = await upgrade({ dialect, revisions, onProgress: (e) => events.push(e) });
    expect(run.error).toBeUndefined();
    const rows = await withConn(
      dialect,
      async (c) =>
        (await c.query<{ id: number; email_lower: string }>("SELECT id, email_lower FROM users ORDER BY id"))
          .rows,
    );
    expect(rows).toHaveLength(2500);
    expect(rows.filter((r) => r.id % 10 === 0).every((r) => r.email_lower === "kept")).toBe(true);
    expect(
      rows.filter((r) => r.id % 10 !== 0).every((r) => r.email_lower === `user${r.id}@example.com`),
    ).toBe(true);
    // 2,250 rows need it: two full batches and a short one; the integer key's cursor (text)
    // compares as a number, or the second batch would start at the wrong row
    const progress = events.flatMap((e) => (e.type === "backfill-progress" ? [e] : []));
    expect(progress.map((e) => e.rowsDone)).toEqual([1000, 2000, 2250]);
    expect(progress.every((e) => e.estimatedTotal === 2250)).toBe(true);
    const note = await withConn(
      dialect,
      async (c) =>
        (await c.query<{ note: string }>("SELECT note FROM athanor_version_history WHERE status = 'ok'"))
          .rows[0]?.note,
    );
    expect(note).toMatch(/^backfill users: 2,250 rows in 3 batches, [\d.]+ s, longest batch \d+ ms$/);
    expect(
      await withConn(dialect, async (c) => (await c.query("SELECT * FROM athanor_version_backfill")).rows),
    ).toEqual([]);
  }, 60_000);

  test("compute callback over a composite text + integer key; DDL before the backfill commits first", async () => {
    const dialect = fresh();
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE items (tenant text NOT NULL, id integer NOT NULL, name text NOT NULL, PRIMARY KEY (tenant, id))",
        `${series(400)}INSERT INTO items SELECT t.v, g.i, 'item ' || g.i FROM g, (SELECT 'a' AS v UNION ALL SELECT 'b' UNION ALL SELECT 'it''s') t`,
      ]),
    );
    const batches: number[] = [];
    const revisions = [
      defineRevision({
        id: "c1",
        parents: [],
        async upgrade(op) {
          op.addColumn("items", { name: "slug", type: "text" });
          await op.backfill({
            table: "items",
            batchSize: 250,
            columns: ["name"],
            compute: (rows) => {
              batches.push(rows.length);
              return rows.map((r) => ({
                tenant: r.tenant,
                id: r.id,
                slug: `${String(r.name).replace(" ", "-")}-${String(r.tenant)}`,
              }));
            },
          });
        },
        downgrade() {},
      }),
    ];
    const run = await upgrade({ dialect, revisions });
    expect(run.error).toBeUndefined();
    expect(batches).toEqual([250, 250, 250, 250, 200]);
    const wrong = await withConn(
      dialect,
      async (c) =>
        (
          await c.query<{ n: number }>(
            "SELECT count(*) AS n FROM items WHERE slug IS NOT 'item-' || id || '-' || tenant",
          )
        ).rows[0]?.n,
    );
    expect(wrong).toBe(0);
  }, 60_000);

  test("compute at the default batch size: 1,000 rows a batch are one UPDATE, past SQLite's 500-term compound SELECT limit", async () => {
    const dialect = fresh();
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE articles (id integer PRIMARY KEY, title text NOT NULL, slug text)",
        `${series(1200)}INSERT INTO articles SELECT i, 'Title ' || i, NULL FROM g`,
      ]),
    );
    const batches: number[] = [];
    const revisions = [
      defineRevision({
        id: "d1",
        parents: [],
        async upgrade(op) {
          await op.backfill({
            table: "articles",
            columns: ["title"],
            compute: (rows) => {
              batches.push(rows.length);
              return rows.map((r) => ({ id: r.id, slug: String(r.title).toLowerCase().replace(" ", "-") }));
            },
          });
        },
        downgrade() {},
      }),
    ];
    const run = await upgrade({ dialect, revisions });
    expect(run.error).toBeUndefined();
    expect(batches).toEqual([1000, 200]);
    const wrong = await withConn(
      dialect,
      async (c) =>
        (await c.query<{ n: number }>("SELECT count(*) AS n FROM articles WHERE slug IS NOT 'title-' || id"))
          .rows[0]?.n,
    );
    expect(wrong).toBe(0);
  }, 60_000);

  test("a batch's COMMIT checks only the keys it may break: a violation elsewhere does not stop it; one it makes aborts it naming the rows, earlier batches kept", async () => {
    const dialect = fresh();
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL UNIQUE)",
        "CREATE TABLE children (id integer PRIMARY KEY, parent_code text REFERENCES parents (code))",
        "CREATE TABLE strays (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id))",
        `${series(300)}INSERT INTO parents SELECT i, 'c' || i FROM g`,
        `${series(300)}INSERT INTO children SELECT i, 'c' || i FROM g WHERE i > 250`,
      ]),
    );
    // SQL level: a row of strays pointing nowhere (the session has foreign keys off) fails the
    // whole-file check, not the batch's check of parents and the tables referencing its code
    await withConn(dialect, async (c) => {
      await c.executeScript([
        "INSERT INTO strays VALUES (7, 999)",
        "BEGIN IMMEDIATE",
        "UPDATE parents SET code = code",
      ]);
      await c.executeScript([sqliteCommitBatch({ name: "parents" }, ["code"])]);
      await c.executeScript(["BEGIN IMMEDIATE", "UPDATE parents SET code = code"]);
      await expect(c.executeScript([dialect.commitTransaction])).rejects.toThrow(
        "row 7 of strays references a missing row of parents",
      );
      await c.executeScript(["ROLLBACK", "DELETE FROM strays"]);
    });
    const revisions = [
      defineRevision({
        id: "v1",
        parents: [],
        async upgrade(op) {
          await op.backfill({ table: "parents", set: { code: "upper(code)" }, batchSize: 100 });
        },
        downgrade() {},
      }),
    ];
    const run = await upgrade({ dialect, revisions });
    expect(run.error?.code).toBe("ATHANOR_BACKFILL_FAILED");
    expect(run.error?.message).toContain("row 251 of children references a missing row of parents");
    const codes = await withConn(
      dialect,
      async (c) =>
        (
          await c.query<{ upper: number; lower: number }>(
            "SELECT sum(code GLOB 'C*') AS upper, sum(code GLOB 'c*') AS lower FROM parents",
          )
        ).rows[0],
    );
    expect(codes).toEqual({ upper: 200, lower: 100 }); // two batches committed, the third rolled back
  }, 60_000);
});
