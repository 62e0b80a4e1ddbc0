import type { ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from "@athanor/core";
import fc from "fast-check";

// Random schema models for proofs that a fast path changes nothing: small names and texts that
// now and then are empty (what the operation factories refuse), columns with defaults,
// identities and generation, indexes of column and expression keys, foreign keys, checks. Most
// tables are valid, some are not.

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
export const table = fc.oneof(
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

export const model: fc.Arbitrary<SchemaModel> = fc.array(table, { maxLength: 3 }).map((tables) => ({
  schemas: [...new Set(tables.map((t) => t.schema))],
  tables,
  enums: [],
  sequences: [],
}));
