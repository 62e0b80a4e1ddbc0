import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { operations as o } from "./operations.js";
import { replacementSteps } from "./replacement-steps.js";
import { reverse } from "./reverse.js";

const widened = () =>
  o.addUnique("u", "users", ["tenant", "email"], {
    replaces: { existing: { type: "unique", columns: ["email"] } },
  });

describe("replaces (an index or unique key swapped under its name)", () => {
  it("reverses to the same swap back, across index and unique key", () => {
    expect(reverse(widened())).toStrictEqual({
      kind: "addUnique",
      table: { name: "users" },
      name: "u",
      columns: ["email"],
      replaces: { existing: { type: "unique", columns: ["tenant", "email"] } },
    });
    const madeUnique = o.addUnique("k", "users", ["n"], { replaces: { existing: { keys: ["n"] } } });
    const back = reverse(madeUnique);
    expect(back).toStrictEqual({
      kind: "createIndex",
      name: "k",
      table: { name: "users" },
      keys: [{ column: "n" }],
      replaces: { existing: { type: "unique", columns: ["n"] } },
    });
    expect(reverse(back)).toStrictEqual(madeUnique);
  });

  it("stands for the drop and then the create", () => {
    const [drop, create] = replacementSteps(widened()) ?? [];
    expect(drop).toStrictEqual({
      kind: "dropConstraint",
      table: { name: "users" },
      name: "u",
      existing: { type: "unique", columns: ["email"] },
    });
    expect(create).toStrictEqual(o.addUnique("u", "users", ["tenant", "email"]));
    expect(replacementSteps(o.createIndex("i", "users", ["a"]))).toBeUndefined();
  });

  it("is refused with a coded error when malformed or combined with concurrently/usingIndex", () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isAthanorError(error) ? error.code : String(error);
      }
      return "no error";
    };
    const bad = [
      () => o.createIndex("i", "t", ["a"], { concurrently: true, replaces: { existing: { keys: ["b"] } } }),
      () =>
        o.addUnique("u", "t", ["a"], {
          usingIndex: "u",
          replaces: { existing: { type: "unique", columns: ["b"] } },
        }),
      () => o.createIndex("i", "t", ["a"], { replaces: {} as never }),
      () => o.createIndex("i", "t", ["a"], { replaces: { existing: { type: "check" } } as never }),
      () => o.createIndex("i", "t", ["a"], { replaces: { existing: { keys: [] } } }),
    ];
    for (const fn of bad) expect(codeOf(fn)).toBe("ATHANOR_INVALID_OPERATION");
  });
});
