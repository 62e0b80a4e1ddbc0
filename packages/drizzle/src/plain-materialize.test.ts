import { materializeSchemaModel } from "@athanor/autogenerate";
import type { DifferHooks, SchemaModel } from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { sqliteDifferHooks } from "@athanor/sqlite";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { chainedSqliteTables } from "./testing/chained-sqlite-tables.js";
import { model, table } from "./testing/random-schema-model.js";
import { schemaSpec, sqliteSchemaOf } from "./testing/random-sqlite-schema.js";

// The canonicaliser builds its scratch operations with `plain: true` (plain-create-operations.ts).
// Proof that this changes nothing: on every model, valid or not, the operations are deep-equal to
// the factories' (keys in the same order), or both ways throw the same coded error.

const HOOKS: readonly [string, DifferHooks][] = [
  ["postgresql", postgresDifferHooks],
  ["mysql", mysqlDifferHooks],
  ["sqlite", sqliteDifferHooks],
];

type Outcome = { readonly ops: string } | { readonly error: string };

function outcome(
  model: SchemaModel,
  hooks: DifferHooks,
  plain: boolean,
  inlineForeignKeys: boolean,
): Outcome {
  try {
    // JSON text: deep equality with the keys' order (and no `undefined` key hidden by it)
    const ops = materializeSchemaModel(model, { hooks, plain, inlineForeignKeys });
    return { ops: JSON.stringify(ops, withUndefined) };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { error: `${err.code}: ${err.message}` };
  }
}
const withUndefined = (_key: string, value: unknown) => (value === undefined ? "<undefined>" : value);

function expectSame(model: SchemaModel): void {
  for (const [, hooks] of HOOKS)
    for (const inline of [false, true]) {
      const factory = outcome(model, hooks, false, inline);
      expect(outcome(model, hooks, true, inline)).toEqual(factory);
    }
}

describe("materializeSchemaModel({ plain: true }) builds what the factories build", () => {
  test("on random models, valid or not, for each dialect's hooks", () => {
    fc.assert(
      fc.property(model, (m) => expectSame(m)),
      { numRuns: 3000 },
    );
  });

  test("a good share of random tables take the plain path, and a good share the factories' errors", () => {
    // the property above proves little if every table were refused, or none
    const tables = fc.sample(table, { numRuns: 3000, seed: 19 });
    let plain = 0;
    let refused = 0;
    for (const t of tables) {
      const m = { schemas: [t.schema], tables: [t], enums: [], sequences: [] };
      try {
        const ops = materializeSchemaModel(m, { hooks: sqliteDifferHooks, plain: true });
        // the factories freeze what they return; the plain builders do not
        if (ops.some((op) => !Object.isFrozen(op))) plain++;
      } catch {
        refused++;
      }
    }
    expect(plain).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(300);
  });

  test("on random sqlite-core models (the SQLite round trip's)", () => {
    fc.assert(
      fc.property(schemaSpec, (spec) => {
        const exports = collectDrizzleSchema([sqliteSchemaOf(spec)]);
        expectSame(drizzleToSchemaModel(exports, { dialect: "sqlite" }));
      }),
      { numRuns: 300 },
    );
  });

  test("on 150 chained sqlite-core tables with partial, expression and unique indexes and checks", () => {
    const exports = collectDrizzleSchema([chainedSqliteTables(150)]);
    expectSame(drizzleToSchemaModel(exports, { dialect: "sqlite" }));
  });
});
