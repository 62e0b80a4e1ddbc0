import { describe, expect, it } from "vitest";
import { RevisionGraph } from "./revision-graph.js";
import { parseRange, revisionsInRange } from "./target-range.js";
import { graphOf, rev, thrown } from "./testing/graph-fixtures.js";

describe("parseRange", () => {
  it("accepts start:end, start:, :end and :", () => {
    expect(parseRange("a:c")).toEqual({ start: "a", end: "c" });
    expect(parseRange("cart@base:")).toEqual({ start: "cart@base", end: undefined });
    expect(parseRange(":head")).toEqual({ start: undefined, end: "head" });
    expect(parseRange("-3:current")).toEqual({ start: "-3", end: "current" });
    expect(parseRange(":")).toEqual({ start: undefined, end: undefined });
  });

  it("rejects anything without exactly one colon", () => {
    for (const bad of ["abc", "a:b:c", ""]) {
      const error = thrown(() => parseRange(bad));
      expect(error.code).toBe("ATHANOR_INVALID_RANGE");
      expect(error.message).toContain("[start]:[end]");
    }
  });
});

describe("revisionsInRange", () => {
  const linear = graphOf("a:", "b:a", "c:b");
  const ids = (g: RevisionGraph, range: string, current: string[] = []) =>
    revisionsInRange(g, parseRange(range), { current });

  it("lists newest first, both ends inclusive", () => {
    expect(ids(linear, "a:c")).toEqual(["c", "b", "a"]);
    expect(ids(linear, ":b")).toEqual(["b", "a"]);
    expect(ids(linear, "b:")).toEqual(["c", "b"]);
    expect(ids(linear, ":")).toEqual(["c", "b", "a"]);
    expect(ids(linear, "-1:current", ["c"])).toEqual(["c", "b"]);
  });

  it("follows one branch through parents; what only depends on it is another branch's (Alembic)", () => {
    const g = RevisionGraph.build([
      rev("root"),
      rev("c1", ["root"], { branchLabels: ["cart"] }),
      rev("c2", ["c1"]),
      rev("n1", ["root"], { branchLabels: ["net"] }),
      rev("n2", ["n1"], { dependsOn: ["c1"] }),
    ]);
    expect(revisionsInRange(g, parseRange("cart@base:"))).toEqual(["c2", "c1"]);
    expect(revisionsInRange(g, parseRange(":net@head"))).toEqual(["n2", "n1", "c1", "root"]);
    expect(revisionsInRange(g, parseRange("root:cart@head"))).toEqual(["c2", "c1", "root"]);
  });

  it("a start that is not an ancestor of the end is ATHANOR_INVALID_RANGE", () => {
    const error = thrown(() => ids(linear, "c:a"));
    expect(error.code).toBe("ATHANOR_INVALID_RANGE");
    expect(error.meta.notAncestors).toEqual(["c"]);
    expect(thrown(() => ids(linear, "b:base")).code).toBe("ATHANOR_INVALID_RANGE");
  });
});
