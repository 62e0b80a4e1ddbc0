import { adoptConstraintNames, diffSchemas, materializeSchemaModel } from "@athanor/autogenerate";
import type { DifferHooks, SchemaModel } from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { sqliteDifferHooks } from "@athanor/sqlite";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { chainedSqliteTables } from "./testing/chained-sqlite-tables.js";
import { model } from "./testing/random-schema-model.js";
import { schemaSpec, sqliteSchemaOf } from "./testing/random-sqlite-schema.js";

// On SQLite a table the file holds as athanor writes it is read from the file instead of built
// (canonicalize-reuse.ts), so the desired and the live side hold the very same table object;
// adoptConstraintNames and diffSchemas then pass it over. Proof that this changes nothing: with
// one model object on both sides, both give what they give for a deep copy of it (walked as
// before), operations, notes and errors alike. Only for models a database can hold (the
// operation factories build them): the shared object is always a table read from the file.

const HOOKS: readonly DifferHooks[] = [postgresDifferHooks, mysqlDifferHooks, sqliteDifferHooks];

const copy = (m: SchemaModel): SchemaModel => structuredClone(m);

/** Whether every dialect's factories build the model (no duplicate column, no empty name...). */
function holdable(m: SchemaModel): boolean {
  try {
    for (const hooks of HOOKS) materializeSchemaModel(m, { hooks });
    return true;
  } catch {
    return false;
  }
}
const validModel = model.filter(holdable);

function diffOutcome(desired: SchemaModel, live: SchemaModel, hooks: DifferHooks): string {
  try {
    const { operations, notes, renameCandidates, dataLoss } = diffSchemas(desired, live, { hooks });
    return JSON.stringify({ operations, notes, renameCandidates, dataLoss });
  } catch (e) {
    return `error ${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
}

describe("one table object on both sides is passed over", () => {
  test("adoptConstraintNames: the same names as for a copy", () => {
    fc.assert(
      fc.property(model, (m) => {
        expect(adoptConstraintNames(m, m)).toEqual(adoptConstraintNames(m, copy(m)));
      }),
      { numRuns: 1000 },
    );
  });

  test("diffSchemas: the same result as for a copy, for each dialect's hooks", () => {
    fc.assert(
      fc.property(validModel, (m) => {
        for (const hooks of HOOKS) expect(diffOutcome(m, m, hooks)).toBe(diffOutcome(m, copy(m), hooks));
      }),
      { numRuns: 1000 },
    );
  });

  test("a live model sharing some tables with the desired one, others changed, added or dropped", () => {
    fc.assert(
      fc.property(validModel, validModel, (desired, other) => {
        // the live side: the desired tables themselves, and another model's (namesakes replaced)
        const names = new Set(other.tables.map((t) => `${t.schema}.${t.name}`));
        const live: SchemaModel = {
          ...other,
          schemas: [...new Set([...desired.schemas, ...other.schemas])],
          tables: [...desired.tables.filter((t) => !names.has(`${t.schema}.${t.name}`)), ...other.tables],
        };
        for (const hooks of HOOKS)
          expect(diffOutcome(desired, live, hooks)).toBe(diffOutcome(desired, copy(live), hooks));
        expect(adoptConstraintNames(desired, live)).toEqual(adoptConstraintNames(desired, copy(live)));
      }),
      { numRuns: 1000 },
    );
  });

  // random models above are mostly small (a table a database can hold is rare among them): these
  // are the rich tables of the SQLite proofs, every table reaching the shortcut
  test("random sqlite-core models and 150 chained tables: the same result as for a copy", () => {
    const check = (m: SchemaModel) => {
      expect(m.tables.every((t) => t.columns.length > 0)).toBe(true);
      for (const hooks of HOOKS) expect(diffOutcome(m, m, hooks)).toBe(diffOutcome(m, copy(m), hooks));
      expect(adoptConstraintNames(m, m)).toEqual(adoptConstraintNames(m, copy(m)));
    };
    fc.assert(
      fc.property(schemaSpec, (spec) =>
        check(drizzleToSchemaModel(collectDrizzleSchema([sqliteSchemaOf(spec)]), { dialect: "sqlite" })),
      ),
      { numRuns: 300 },
    );
    const chained = drizzleToSchemaModel(collectDrizzleSchema([chainedSqliteTables(150)]), {
      dialect: "sqlite",
    });
    expect(
      chained.tables.filter((t) => t.indexes.length > 0 && t.foreignKeys.length > 0).length,
    ).toBeGreaterThan(100);
    check(chained);
  });
});
