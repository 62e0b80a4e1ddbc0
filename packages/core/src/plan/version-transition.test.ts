import { describe, expect, it } from "vitest";
import { thrown } from "../graph/testing/graph-fixtures.js";
import { applyTransition } from "./version-transition.js";

describe("applyTransition", () => {
  it("applies each kind, keeping the position of an updated row", () => {
    expect(applyTransition([], { kind: "insert", id: "a" })).toEqual(["a"]);
    expect(applyTransition(["a", "b"], { kind: "delete", id: "a" })).toEqual(["b"]);
    expect(applyTransition(["a", "b"], { kind: "update", from: "a", to: "c" })).toEqual(["c", "b"]);
    expect(
      applyTransition(["x", "a", "b", "c"], { kind: "merge", delete: ["b", "c"], from: "a", to: "m" }),
    ).toEqual(["x", "m"]);
    expect(applyTransition(["m"], { kind: "unmerge", insert: ["b"], from: "m", to: "a" })).toEqual([
      "a",
      "b",
    ]);
  });

  it("never mutates its input", () => {
    const rows = Object.freeze(["a"]);
    expect(applyTransition(rows, { kind: "update", from: "a", to: "b" })).toEqual(["b"]);
    expect(rows).toEqual(["a"]);
  });

  it("a row that is missing or already present is ATHANOR_VERSION_TABLE_CONFLICT", () => {
    const missing = thrown(() => applyTransition(["a"], { kind: "update", from: "z", to: "b" }));
    expect(missing.code).toBe("ATHANOR_VERSION_TABLE_CONFLICT");
    expect(missing.meta.rows).toEqual(["a"]);
    expect(thrown(() => applyTransition(["a"], { kind: "insert", id: "a" })).code).toBe(
      "ATHANOR_VERSION_TABLE_CONFLICT",
    );
    expect(thrown(() => applyTransition(["a"], { kind: "delete", id: "b" })).code).toBe(
      "ATHANOR_VERSION_TABLE_CONFLICT",
    );
    expect(thrown(() => applyTransition(["a", "b"], { kind: "update", from: "a", to: "b" })).code).toBe(
      "ATHANOR_VERSION_TABLE_CONFLICT",
    );
  });
});
