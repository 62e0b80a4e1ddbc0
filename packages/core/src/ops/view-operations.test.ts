import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operations } from "./operations.js";
import { reverse } from "./reverse.js";

describe("view, policy and row-level security operations", () => {
  it("drop defaults, so equal policies are deep-equal", () => {
    expect(
      operations.createPolicy("p", "notes", { as: "permissive", for: "all", to: ["public"], using: "true" }),
    ).toEqual({ kind: "createPolicy", name: "p", table: { name: "notes" }, using: "true" });
    expect(operations.createView("v", "SELECT 1", { materialized: false, with: {} })).toEqual({
      kind: "createView",
      name: { name: "v" },
      definition: "SELECT 1",
    });
  });

  it("reverse twice to themselves", () => {
    const name = fc.string({ minLength: 1, maxLength: 8 });
    const ops = fc.oneof(
      fc
        .record({ n: name, d: name, m: fc.boolean(), w: fc.dictionary(name, name, { maxKeys: 2 }) })
        .map(({ n, d, m, w }) =>
          operations.createView({ schema: "s", name: n }, d, { materialized: m, with: w }),
        ),
      fc
        .record({
          n: name,
          as: fc.constantFrom("permissive", "restrictive") as fc.Arbitrary<"permissive" | "restrictive">,
          for: fc.constantFrom("all", "select", "insert", "update", "delete") as fc.Arbitrary<"all">,
          to: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
          using: fc.option(name, { nil: undefined }),
        })
        .map((p) =>
          operations.createPolicy(p.n, "t", {
            as: p.as,
            for: p.for,
            to: p.to,
            ...(p.using === undefined ? {} : { using: p.using }),
          }),
        ),
      name.map((n) => operations.enableRowLevelSecurity(n)),
      name.map((n) => operations.disableRowLevelSecurity(n)),
    );
    fc.assert(
      fc.property(ops, (op) => {
        expect(reverse(reverse(op))).toEqual(op);
      }),
    );
  });

  it("refuse what a revision file could get wrong, and a drop without its old state cannot be reversed", () => {
    expect(() => operations.createView("v", "")).toThrow(/view definition/);
    expect(() => operations.createPolicy("p", "t", { for: "selec" as never })).toThrow(/ATHANOR|for must be/);
    expect(() => operations.createPolicy("p", "t", { using: "x", check: "y" } as never)).toThrow(
      /unknown key/,
    );
    expect(() => reverse(operations.dropView("v"))).toThrow(
      expect.objectContaining({ code: "ATHANOR_IRREVERSIBLE_OPERATION" }),
    );
    expect(() => reverse(operations.dropPolicy("p", "t"))).toThrow(
      expect.objectContaining({ code: "ATHANOR_IRREVERSIBLE_OPERATION" }),
    );
  });
});
