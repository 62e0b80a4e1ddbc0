import { adoptConstraintNames, autogenerate, canonicalizeSchemaModel } from "@athanor/autogenerate";
import { type Connection, type Operation, reverse, type SchemaModel } from "@athanor/core";
import { introspectSqlite, sqliteDialect, sqliteDifferHooks, sqliteMemoryDialect } from "@athanor/sqlite";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "../collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "../drizzle-to-schema-model.js";
import { type SchemaSpec, schemaSpec, sqliteSchemaOf } from "../testing/random-sqlite-schema.js";

// The SQLite round trip as a property, on better-sqlite3: for random sqlite-core schemas A and B,
// A is created from nothing by the differ's own operations, then the differ's diff B ← A is applied
// (rebuilds rendered from the reflected schema, as a run does), then its downgrade; after every
// step the database read back shows no difference from the models (the differ finds nothing).
const runner = sqliteDialect({ file: ":memory:" });
const scratch = sqliteMemoryDialect();
afterAll(() => scratch.close());

async function canonical(spec: SchemaSpec): Promise<SchemaModel> {
  const model = drizzleToSchemaModel(collectDrizzleSchema([sqliteSchemaOf(spec)]), { dialect: "sqlite" });
  return canonicalizeSchemaModel(model, {
    dialect: "sqlite",
    scratch: await scratch.dialect.connect(),
    render: (op) => runner.render(op),
    introspect: (conn) => introspectSqlite(conn),
  });
}

function diff(desired: SchemaModel, live: SchemaModel) {
  return autogenerate({
    desired,
    live: adoptConstraintNames(desired, live),
    dialect: { hooks: sqliteDifferHooks },
  }).diff;
}

/** One revision's operations applied as the runner does: rendered against the reflected schema. */
async function apply(conn: Connection, ops: readonly Operation[]): Promise<void> {
  const context = await runner.reflect?.(conn);
  const statements = ops.flatMap((op) => [...runner.render(op, context)]);
  await conn.executeScript(["BEGIN IMMEDIATE", ...statements, "COMMIT"]);
}

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
