import type { TableModel } from "@athanor/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkShape, sameCheckShape } from "./check-shape.js";
import { same } from "./diff/same.js";
import { col, table } from "./testing/model-builders.js";

// sameCheckShape skips the fields checkShape sets; its verdict must be the reference's
// (same() of the two built shapes) for any pair of tables, near misses included.
const leaf = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, "", "a", "text", 0, 1, Number.NaN, true, false, () => 1),
  fc.string({ maxLength: 2 }),
);
const value = fc.oneof(
  leaf,
  fc.array(leaf, { maxLength: 2 }),
  fc.dictionary(fc.constantFrom("x", "y"), leaf),
);
const COLUMN_KEYS = [
  "name",
  "type",
  "nullable",
  "default",
  "identity",
  "generated",
  "comment",
  "collation",
  "onUpdate",
  "extra",
];
const TABLE_KEYS = [
  "schema",
  "name",
  "primaryKey",
  "uniques",
  "foreignKeys",
  "checks",
  "indexes",
  "comment",
  "rowLevelSecurity",
  "policies",
  "partitionBy",
];

/** `base` with `edits` applied: [key, value] to set, [key] alone to delete. */
function edited<T extends object>(base: T, edits: readonly (readonly [string, unknown?])[]): T {
  const out: Record<string, unknown> = { ...base };
  for (const edit of edits) {
    if (edit.length === 1) delete out[edit[0]];
    else out[edit[0]] = edit[1];
  }
  return out as T;
}

const edits = (keys: readonly string[]) =>
  fc.array(
    fc.oneof(
      fc.tuple(fc.constantFrom(...keys), value),
      fc.tuple(fc.constantFrom(...keys)).map(([k]) => [k] as const),
    ),
    { maxLength: 3 },
  );

const base = table(
  "t",
  [col("id", "integer", { nullable: false }), col("a", "text", { default: "'x'::text" })],
  {
    checks: [{ name: "t_a_check", expression: "(a <> '')", validated: true }],
  },
);

const variant = fc
  .record({
    table: edits(TABLE_KEYS),
    columns: fc.array(fc.tuple(fc.nat({ max: 1 }), edits(COLUMN_KEYS)), { maxLength: 3 }),
    drop: fc.boolean(),
  })
  .map(({ table: tableEdits, columns, drop }): TableModel => {
    const cols = base.columns.map((c, i) =>
      edited(
        c,
        columns.filter(([at]) => at === i).flatMap(([, e]) => e),
      ),
    );
    return edited({ ...base, columns: drop ? cols.slice(0, 1) : cols }, tableEdits);
  });

describe("sameCheckShape", () => {
  it("gives same(checkShape(a), checkShape(b))'s verdict on arbitrary edits of one table", () => {
    fc.assert(
      fc.property(variant, variant, (a, b) => {
        expect(sameCheckShape(a, b)).toBe(same(checkShape(a), checkShape(b)));
        expect(sameCheckShape(a, a)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("tells tables apart by what shapes a check and by nothing else", () => {
    expect(sameCheckShape(base, { ...base, comment: "c", foreignKeys: [], rowLevelSecurity: true })).toBe(
      true,
    );
    expect(sameCheckShape(base, { ...base, columns: [...base.columns].reverse() })).toBe(false);
    const retyped = {
      ...base,
      columns: [base.columns[0], { ...base.columns[1], type: "varchar" }],
    } as TableModel;
    expect(sameCheckShape(base, retyped)).toBe(false);
    const defaulted = {
      ...base,
      columns: [base.columns[0], { ...base.columns[1], default: null }],
    } as TableModel;
    expect(sameCheckShape(base, defaulted)).toBe(true);
  });

  it("counts own enumerable fields only, as JSON does (inherited and hidden ones are no fields)", () => {
    const withProto = (column: object, proto: object) => Object.assign(Object.create(proto), column);
    const inherited = {
      ...base,
      columns: [withProto(base.columns[0] as object, { type: "varchar", extra: 1 }), base.columns[1]],
    } as TableModel;
    const hidden = { ...base, columns: [{ ...base.columns[0] }, base.columns[1]] } as TableModel;
    Object.defineProperty(hidden.columns[0], "extra", { value: 1, enumerable: false });
    for (const other of [inherited, hidden]) {
      expect(sameCheckShape(base, other)).toBe(same(checkShape(base), checkShape(other)));
      expect(sameCheckShape(other, base)).toBe(true);
    }
  });
});
