import { materializeSchemaModel } from "@athanor/autogenerate";
import type {
  ColumnModel,
  DifferHooks,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  TableModel,
} from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { sqliteDifferHooks } from "@athanor/sqlite";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { chainedSqliteTables } from "./testing/chained-sqlite-tables.js";
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

function outcome(model: SchemaModel, hooks: DifferHooks, plain: boolean): Outcome {
  try {
    // JSON text: deep equality with the keys' order (and no `undefined` key hidden by it)
    return { ops: JSON.stringify(materializeSchemaModel(model, { hooks, plain }), withUndefined) };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { error: `${err.code}: ${err.message}` };
  }
}
const withUndefined = (_key: string, value: unknown) => (value === undefined ? "<undefined>" : value);

function expectSame(model: SchemaModel): void {
  for (const [, hooks] of HOOKS) {
    const factory = outcome(model, hooks, false);
    expect(outcome(model, hooks, true)).toEqual(factory);
  }
}

// Names and texts that now and then are what the factories refuse: empty strings.
const sometimesEmpty = (...values: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 30 }, { arbitrary: fc.constant(""), weight: 1 });
const name = sometimesEmpty("a", "b", "c", "id");
const text = sometimesEmpty("x", "a + 1", "'v'");
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
// absent mostly: a column with more than one of default, identity and generated is refused
const rare = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: arb, weight: 1 });

const column: fc.Arbitrary<ColumnModel> = fc.record({
  name,
  type: sometimesEmpty("integer", "text", "bigint", "varchar(20)"),
  nullable: fc.boolean(),
  default: rare(text),
  identity: rare(
    fc.record({
      generation: fc.constantFrom("always" as const, "byDefault" as const),
      sequence: fc.constant(null),
    }),
  ),
  generated: rare(
    fc.record({ expression: text, storage: fc.constantFrom("stored" as const, "virtual" as const) }),
  ),
  comment: maybe(fc.constantFrom("a comment", "")),
  collation: maybe(fc.constantFrom("nocase", "")),
  onUpdate: maybe(fc.constantFrom("CURRENT_TIMESTAMP", "")),
});

const index: fc.Arbitrary<IndexModel> = fc.record({
  name,
  unique: fc.boolean(),
  method: sometimesEmpty("btree", "btree", "hash"),
  keys: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant("column" as const),
        column: name,
        order: fc.constantFrom("asc" as const, "desc" as const),
        nulls: fc.constantFrom("first" as const, "last" as const),
        opclass: maybe(fc.constantFrom("text_ops", "")),
      }),
      fc.record({
        kind: fc.constant("expression" as const),
        expression: text,
        order: fc.constantFrom("asc" as const, "desc" as const),
        nulls: fc.constantFrom("first" as const, "last" as const),
        opclass: fc.constant(null),
      }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  include: fc.array(name, { maxLength: 2 }),
  where: maybe(text),
  nullsNotDistinct: fc.boolean(),
  with: fc.constant([]),
  valid: fc.constant(true),
});

const anyForeignKey: fc.Arbitrary<ForeignKeyModel> = fc.record({
  name,
  columns: fc.array(name, { minLength: 1, maxLength: 2 }),
  referencedSchema: sometimesEmpty("public", "main"),
  referencedTable: name,
  referencedColumns: fc.array(name, { maxLength: 2 }),
  onUpdate: fc.constantFrom("no action" as const, "cascade" as const),
  onDelete: fc.constantFrom("no action" as const, "set null" as const),
  match: fc.constantFrom("simple" as const, "full" as const),
  deferrable: fc.boolean(),
  initiallyDeferred: fc.boolean(),
  validated: fc.constant(true),
});
// as many referenced columns as columns, mostly
const foreignKey = fc.oneof(
  {
    arbitrary: anyForeignKey.map((f) => ({
      ...f,
      referencedColumns: f.columns.map((c, i) => f.referencedColumns[i] ?? c),
    })),
    weight: 4,
  },
  { arbitrary: anyForeignKey, weight: 1 },
);

const anyTable: fc.Arbitrary<TableModel> = fc.record({
  schema: sometimesEmpty("public", "main", "app"),
  name,
  // distinct names mostly, so that many tables are valid
  columns: fc.oneof(
    fc.uniqueArray(column, { maxLength: 4, selector: (c) => c.name }),
    fc.array(column, { maxLength: 4 }),
  ),
  primaryKey: maybe(fc.record({ name, columns: fc.array(name, { minLength: 1, maxLength: 2 }) })),
  uniques: fc.array(
    fc.record({
      name,
      columns: fc.array(name, { minLength: 1, maxLength: 2 }),
      nullsNotDistinct: fc.boolean(),
      deferrable: fc.boolean(),
      initiallyDeferred: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  foreignKeys: fc.array(foreignKey, { maxLength: 2 }),
  checks: fc.array(fc.record({ name, expression: text, validated: fc.constant(true) }), { maxLength: 2 }),
  indexes: fc.array(index, { maxLength: 2 }),
  comment: maybe(fc.constantFrom("about t", "")),
});
// a primary key on the table's own first column, mostly
const table = fc.oneof(
  {
    arbitrary: anyTable.map((t) => ({
      ...t,
      primaryKey:
        t.columns[0] === undefined ? null : { name: `${t.name}_pkey`, columns: [t.columns[0].name] },
    })),
    weight: 3,
  },
  { arbitrary: anyTable, weight: 1 },
);

const model: fc.Arbitrary<SchemaModel> = fc.array(table, { maxLength: 3 }).map((tables) => ({
  schemas: [...new Set(tables.map((t) => t.schema))],
  tables,
  enums: [],
  sequences: [],
}));

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
