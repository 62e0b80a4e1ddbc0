import { describe, expect, it } from "vitest";
import { operations } from "../ops/operations.js";
import { diffSchemaModels } from "../schema/diff-schema-models.js";
import { emptySchemaModel } from "../schema/normalize-schema-model.js";
import type { ConformanceDialectData } from "./conformance-types.js";
import { CONFORMANCE_CASES, conformanceContext } from "./describe-dialect-conformance.js";

const round = (s: string) => ({ sql: s, introspected: s });
const DATA: ConformanceDialectData = {
  defaultSchema: "main",
  types: {
    integer: round("int"),
    bigint: round("bigint"),
    text: round("text"),
    varchar40: round("varchar(40)"),
    boolean: round("bool"),
  },
  textDefault: round("'none'"),
  integerDefault: round("0"),
  check: round("qty > 0"),
  indexExpression: round("lower(name)"),
  indexPredicate: round("note IS NULL"),
  generatedExpression: round("qty * 2"),
  maxIdentifierLength: 64,
};

describe("CONFORMANCE_CASES", () => {
  const ctx = conformanceContext(DATA);

  it("has at least one case for every operation kind, and each builds an operation of that kind", () => {
    // Every builder in `operations` emits one kind; the case table must cover them all.
    const kinds = Object.keys(operations).sort();
    expect(Object.keys(CONFORMANCE_CASES).sort()).toEqual(kinds);
    for (const [kind, cases] of Object.entries(CONFORMANCE_CASES)) {
      expect(cases.length, kind).toBeGreaterThan(0);
      for (const c of cases) expect(c.op(ctx).kind, `${kind}: ${c.name}`).toBe(kind);
    }
  });

  it("names cases uniquely within a kind", () => {
    for (const [kind, cases] of Object.entries(CONFORMANCE_CASES)) {
      const names = cases.map((c) => c.name);
      expect(new Set(names).size, kind).toBe(names.length);
    }
  });

  it("builds diff paths in the dialect's default schema, quoting like diffSchemaModels", () => {
    const name = 'we"ird';
    const table = {
      schema: "main",
      name,
      columns: [],
      primaryKey: null,
      uniques: [],
      foreignKeys: [],
      checks: [],
      indexes: [],
      comment: null,
    };
    const [added] = diffSchemaModels(emptySchemaModel(), { ...emptySchemaModel(), tables: [table] });
    expect(added?.path).toEqual([ctx.table(name)]);
    expect(ctx.table("items")).toBe('table "main"."items"');
    expect(ctx.enum('a"b', "s")).toBe('enum "s"."a""b"');
    expect(ctx.sequence("seq")).toBe('sequence "main"."seq"');
  });
});
