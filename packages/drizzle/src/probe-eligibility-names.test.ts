import type { SchemaModel, TableModel } from "@athanor/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { firstRelationClash, firstTooLong } from "../../autogenerate/src/canonicalize-probe-eligibility.js";
import { col, columnIndex, table } from "../../autogenerate/src/testing/model-builders.js";

// Issue 21: PostgreSQL's probe eligibility looked for over-long and clashing names by writing
// every name of the model into arrays and measuring each name's UTF-8 bytes. It now walks the
// model and measures only names over 21 UTF-16 units (at most 3 bytes each). Proof: the same
// answer as the former arrays on random models whose names are short, long, multi-byte, astral
// and repeated.

const MAX = 63;
const bytes = (name: string) => Buffer.byteLength(name, "utf8");
function duplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}
/** The former way, as it was written. */
function formerLong(model: SchemaModel): string | undefined {
  const namesOf = (t: TableModel) => [
    t.name,
    ...t.columns.map((c) => c.name),
    ...(t.primaryKey === null ? [] : [t.primaryKey.name]),
    ...t.uniques.map((u) => u.name),
    ...t.foreignKeys.map((f) => f.name),
    ...t.checks.map((c) => c.name),
    ...t.indexes.map((i) => i.name),
  ];
  const names = [
    ...model.schemas,
    ...model.enums.map((e) => e.name),
    ...model.sequences.map((s) => s.name),
    ...model.tables.flatMap(namesOf),
  ];
  return names.find((n) => bytes(n) > MAX);
}
function formerClash(model: SchemaModel): string | undefined {
  return duplicate([
    ...model.enums.map((e) => `${e.schema}.${e.name}`),
    ...model.sequences.map((s) => `${s.schema}.${s.name}`),
    ...model.tables.flatMap((t) => [
      `${t.schema}.${t.name}`,
      ...(t.primaryKey === null ? [] : [`${t.schema}.${t.primaryKey.name}`]),
      ...t.uniques.map((u) => `${t.schema}.${u.name}`),
      ...t.indexes.map((i) => `${t.schema}.${i.name}`),
    ]),
  ]);
}

// around the limit in every encoding width: 21/22 ASCII units, 2-byte and 3-byte characters,
// astral pairs (4 bytes for 2 units), and names that repeat
const name = fc.constantFrom(
  "a",
  "b",
  "t",
  "x".repeat(21),
  "x".repeat(63),
  "x".repeat(64),
  "é".repeat(21),
  "é".repeat(31),
  "é".repeat(32),
  "€".repeat(21),
  "€".repeat(22),
  "😀".repeat(15),
  "😀".repeat(16),
  `${"x".repeat(62)}é`,
);
const schema = fc.constantFrom("public", "a.b", "a", "x".repeat(64));
const aTable = fc
  .record({
    schema,
    name,
    columns: fc.array(name, { maxLength: 3 }),
    pk: fc.option(name, { nil: null }),
    uniques: fc.array(name, { maxLength: 2 }),
    fks: fc.array(name, { maxLength: 2 }),
    checks: fc.array(name, { maxLength: 2 }),
    indexes: fc.array(name, { maxLength: 2 }),
  })
  .map(
    (r): TableModel =>
      table(
        r.name,
        r.columns.map((c) => col(c, "text")),
        {
          schema: r.schema,
          primaryKey: r.pk === null ? null : { name: r.pk, columns: ["a"] },
          uniques: r.uniques.map((u) => ({
            name: u,
            columns: ["a"],
            nullsNotDistinct: false,
            deferrable: false,
            initiallyDeferred: false,
          })),
          foreignKeys: [],
          checks: r.checks.map((c) => ({ name: c, expression: "a > 0", validated: true })),
          indexes: r.indexes.map((i) => columnIndex(i, "a")),
        },
      ),
  )
  .chain((t) =>
    // foreign keys carry names only here: their shape is tableProblem's business
    fc.array(name, { maxLength: 2 }).map((fks) => ({
      ...t,
      foreignKeys: fks.map((f) => ({
        name: f,
        columns: ["a"],
        referencedSchema: "public",
        referencedTable: "t",
        referencedColumns: ["a"],
        onUpdate: "no action" as const,
        onDelete: "no action" as const,
        match: "simple" as const,
        deferrable: false,
        initiallyDeferred: false,
        validated: true,
      })),
    })),
  );
const model = fc.record({
  schemas: fc.array(schema, { maxLength: 2 }),
  tables: fc.array(aTable, { maxLength: 4 }),
  enums: fc.array(fc.record({ schema, name, values: fc.constant(["a"]) }), { maxLength: 2 }),
  sequences: fc.array(
    fc.record({ schema, name }).map((s) => ({
      ...s,
      dataType: "bigint",
      start: "1",
      increment: "1",
      min: "1",
      max: "9223372036854775807",
      cache: "1",
      cycle: false,
      ownedBy: null,
    })),
    { maxLength: 2 },
  ),
});

describe("PostgreSQL probe eligibility: names walked instead of listed", () => {
  test("the first over-long name and the first clash are the former ones", () => {
    fc.assert(
      fc.property(model, (m) => {
        expect(firstTooLong(m)).toBe(formerLong(m));
        expect(firstRelationClash(m)).toBe(formerClash(m));
      }),
      { numRuns: 20000 },
    );
  });

  test("the corpus has models with a long name, with a clash, and with neither", () => {
    const sample = fc.sample(model, { numRuns: 2000, seed: 21 });
    expect(sample.filter((m) => formerLong(m) !== undefined).length).toBeGreaterThan(200);
    expect(sample.filter((m) => formerClash(m) !== undefined).length).toBeGreaterThan(200);
    expect(
      sample.filter((m) => formerLong(m) === undefined && formerClash(m) === undefined).length,
    ).toBeGreaterThan(100);
    // 21 units in 3-byte characters: 63 bytes, at the limit; 22: over it
    expect(sample.some((m) => formerLong(m) === "€".repeat(22))).toBe(true);
  });
});
