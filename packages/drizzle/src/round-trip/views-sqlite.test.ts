import { type Connection, type Operation, reverse } from "@athanor/core";
import { introspectSqlite, sqliteMemoryDialect } from "@athanor/sqlite";
import { sql } from "drizzle-orm";
import { integer, real, sqliteTable, sqliteView, text } from "drizzle-orm/sqlite-core";
import { afterAll, describe, expect, test } from "vitest";
import {
  applySqlite as apply,
  diffSqlite as diff,
  sqliteDiffHarness,
} from "../testing/sqlite-diff-harness.js";

// sqliteView through the differ on better-sqlite3: a changed view is dropped and created (SQLite has
// no CREATE OR REPLACE VIEW), views reading a rebuilt table are dropped before it and created after
// it, the downgrade restores the exact stored SQL, and a hand-made view with a column list (which
// sqliteView cannot declare) is read back with it and shows as a difference, never passed over.
const harness = sqliteDiffHarness();
afterAll(() => harness.close());
const canonical = (module: Record<string, unknown>) => harness.canonical(module);

function schema(options: { readonly where?: string; readonly ageType?: "integer" | "real" }) {
  const users = sqliteTable("users", {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    age: options.ageType === "real" ? real("age").notNull().default(0) : integer("age"),
  });
  const adults = sqliteView("adults").as((qb) =>
    qb
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(sql.raw(options.where ?? `"users"."age" >= 18`)),
  );
  const named = sqliteView("adult_names", { name: text("name") }).as(sql`select "name" from "adults"`);
  return { users, adults, named };
}

const stored = async (conn: Connection) =>
  (await conn.query<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_schema ORDER BY name")).rows;
const shape = (ops: readonly Operation[]) =>
  ops.map((op) => `${op.kind} ${"name" in op && typeof op.name === "object" ? op.name.name : ""}`.trim());

/** Applies before, then the diff to after, checks nothing is left, then the downgrade. */
async function walk(before: SchemaModel, after: SchemaModel) {
  const db = sqliteMemoryDialect();
  const conn = await db.dialect.connect();
  try {
    await apply(conn, diff(before, await introspectSqlite(conn)).operations);
    await conn.executeScript([
      "INSERT INTO users (id, name, age) VALUES (1, 'ann', 30), (2, 'bo', 12), (3, 'cy', 18)",
    ]);
    const start = await stored(conn);
    const step = diff(after, await introspectSqlite(conn));
    await apply(conn, step.operations);
    expect(diff(after, await introspectSqlite(conn)).operations).toEqual([]);
    const reached = await conn.query<{ name: string }>("SELECT name FROM adult_names ORDER BY name");
    const down = [...step.operations].reverse().flatMap((op) => step.inverses?.get(op) ?? [reverse(op)]);
    await apply(conn, down);
    expect(await stored(conn)).toEqual(start);
    return { operations: step.operations, reached: reached.rows.map((r) => r.name) };
  } finally {
    await db.close();
  }
}

describe("sqliteView through autogenerate on better-sqlite3", () => {
  test("a changed view is dropped and created again, with the view reading it", async () => {
    const { operations, reached } = await walk(
      await canonical(schema({})),
      await canonical(schema({ where: `"users"."age" > 18` })),
    );
    expect(shape(operations)).toEqual([
      "dropView adult_names",
      "dropView adults",
      "createView adults",
      "createView adult_names",
    ]);
    expect(reached).toEqual(["ann"]);
  });

  test("views reading a rebuilt table are dropped before the rebuild and created after it", async () => {
    const { operations, reached } = await walk(
      await canonical(schema({})),
      await canonical(schema({ ageType: "real" })),
    );
    expect(shape(operations)).toEqual([
      "dropView adult_names",
      "dropView adults",
      "alterColumn",
      "createView adults",
      "createView adult_names",
    ]);
    expect(reached).toEqual(["ann", "cy"]);
  });

  test("a hand-made view's column list is read back, compared and written again", async () => {
    const db = sqliteMemoryDialect();
    const conn = await db.dialect.connect();
    try {
      const desired = await canonical(schema({}));
      await apply(conn, diff(desired, await introspectSqlite(conn)).operations);
      await conn.executeScript([
        "DROP VIEW adult_names",
        `CREATE VIEW "adult_names"(who) AS select "name" from "adults"`,
      ]);
      const live = await introspectSqlite(conn);
      expect(live.views?.find((v) => v.name === "adult_names")?.with).toEqual(["columns=who"]);
      const step = diff(desired, live);
      expect(shape(step.operations)).toEqual(["dropView adult_names", "createView adult_names"]);
      const before = await stored(conn);
      await apply(conn, step.operations);
      expect(diff(desired, await introspectSqlite(conn)).operations).toEqual([]);
      await apply(
        conn,
        [...step.operations].reverse().flatMap((op) => step.inverses?.get(op) ?? [reverse(op)]),
      );
      expect(await stored(conn)).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
