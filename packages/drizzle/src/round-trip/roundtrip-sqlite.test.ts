import { type Connection, type Operation, reverse, type SchemaModel } from "@athanor/core";
import { introspectSqlite, sqliteMemoryDialect } from "@athanor/sqlite";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { type SchemaSpec, schemaSpec, sqliteSchemaOf } from "../testing/random-sqlite-schema.js";
import {
  applySqlite as apply,
  diffSqlite as diff,
  sqliteDiffHarness,
} from "../testing/sqlite-diff-harness.js";

// The SQLite round trip as a property, on better-sqlite3: for random sqlite-core schemas A and B
// (tables and views over them), A is created from nothing by the differ's own operations, then the
// differ's diff B ← A is applied (rebuilds rendered from the reflected schema, as a run does), then
// its downgrade; after every step the database read back shows no difference from the models (the
// differ finds nothing).
const harness = sqliteDiffHarness();
afterAll(() => harness.close());
const canonical = (spec: SchemaSpec): Promise<SchemaModel> => harness.canonical(sqliteSchemaOf(spec));

async function remaining(conn: Connection, desired: SchemaModel): Promise<readonly Operation[]> {
  return diff(desired, await introspectSqlite(conn)).operations;
}

describe("SQLite: render → apply → introspect → diff is empty (fast-check)", () => {
  test("upgrade A → B and downgrade B → A leave nothing to diff", async () => {
    await fc.assert(
      fc.asyncProperty(schemaSpec, schemaSpec, async (a, b) => {
        const db = sqliteMemoryDialect();
        try {
          const conn = await db.dialect.connect();
          const [wantA, wantB] = [await canonical(a), await canonical(b)];
          const empty = await introspectSqlite(conn);
          await apply(conn, diff(wantA, empty).operations);
          expect(await remaining(conn, wantA)).toEqual([]);
          const step = diff(wantB, await introspectSqlite(conn));
          await apply(conn, step.operations);
          expect(await remaining(conn, wantB)).toEqual([]);
          const down = [...step.operations]
            .reverse()
            .flatMap((op) => step.inverses?.get(op) ?? [reverse(op)]);
          await apply(conn, down);
          expect(await remaining(conn, wantA)).toEqual([]);
          const check = await conn.query<{ n: number }>("SELECT count(*) AS n FROM pragma_foreign_key_check");
          expect(check.rows[0]?.n).toBe(0);
        } finally {
          await db.close();
        }
      }),
      { numRuns: Number(process.env.ATHANOR_SQLITE_ROUNDTRIP_RUNS ?? 40) },
    );
  });
});
