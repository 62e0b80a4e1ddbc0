import { describe, expect, it } from "vitest";
import { RevisionGraph } from "./revision-graph.js";
import { graphOf, rev, thrown } from "./testing/graph-fixtures.js";

describe("RevisionGraph.build validation", () => {
  it.each([
    ["bad-rev", "'-'"],
    ["a@b", "'@'"],
    ["a+b", "'+'"],
    ["a:b", "':'"],
    ["a b", "' '"],
  ])("rejects id %s naming the character and the file", (id, char) => {
    const error = thrown(() => RevisionGraph.build([rev(id)]));
    expect(error.code).toBe("ATHANOR_REVISION_ID_INVALID");
    expect(error.message).toContain(char.replace(/'/g, '"'));
    expect(error.meta.files).toEqual([`/project/migrations/versions/${id}.ts`]);
  });

  it("rejects empty and reserved ids", () => {
    expect(thrown(() => RevisionGraph.build([rev("")])).code).toBe("ATHANOR_REVISION_ID_INVALID");
    const reserved = thrown(() => RevisionGraph.build([rev("head")]));
    expect(reserved.code).toBe("ATHANOR_REVISION_ID_INVALID");
    expect(reserved.message).toContain("reserved");
  });

  it("rejects an id longer than the version table can hold, and accepts one that fits", () => {
    const long = thrown(() => RevisionGraph.build([rev("a".repeat(65))]));
    expect(long.code).toBe("ATHANOR_REVISION_ID_INVALID");
    expect(long.meta).toMatchObject({ length: 65, max: 64 });
    expect(RevisionGraph.build([rev("a".repeat(64))]).heads()).toEqual(["a".repeat(64)]);
  });

  it("rejects duplicate ids naming both files", () => {
    const error = thrown(() => RevisionGraph.build([rev("a"), rev("a", [], { file: "/x/other.ts" })]));
    expect(error.code).toBe("ATHANOR_DUPLICATE_REVISION");
    expect(error.meta.files).toEqual(["/project/migrations/versions/a.ts", "/x/other.ts"]);
    expect(error.message).toContain("/x/other.ts");
  });

  it("rejects ids that differ only in letter case or accents, whichever comes first", () => {
    const upper = thrown(() => RevisionGraph.build([rev("abc"), rev("ABC", [], { file: "/x/ABC_two.ts" })]));
    expect(upper.code).toBe("ATHANOR_DUPLICATE_REVISION");
    expect(upper.meta).toMatchObject({ id: "ABC", otherId: "abc", revisions: ["abc", "ABC"] });
    expect(upper.message).toContain("differ only in letter case or accents");
    expect(thrown(() => RevisionGraph.build([rev("ABC"), rev("abc", ["ABC"])])).meta).toMatchObject({
      revisions: ["abc", "ABC"],
    });
    expect(thrown(() => RevisionGraph.build([rev("Abc"), rev("aBC")])).code).toBe(
      "ATHANOR_DUPLICATE_REVISION",
    );
    expect(thrown(() => RevisionGraph.build([rev("cafe"), rev("caf\u00e9")])).code).toBe(
      "ATHANOR_DUPLICATE_REVISION",
    );
    // ids that stay apart under any collation build as before
    expect(RevisionGraph.build([rev("abc"), rev("ABD"), rev("\u65e5\u672c")]).size).toBe(3);
  });

  it("rejects unknown parents and dependencies, suggesting close ids", () => {
    const parent = thrown(() => RevisionGraph.build([rev("ae10ff"), rev("b", ["ae10"])]));
    expect(parent.code).toBe("ATHANOR_UNKNOWN_PARENT");
    expect(parent.meta).toMatchObject({
      field: "parents",
      missing: "ae10",
      suggestions: ["ae10ff"],
      files: ["/project/migrations/versions/b.ts"],
    });
    expect(parent.message).toContain("Did you mean 'ae10ff'");
    const dep = thrown(() => RevisionGraph.build([rev("a"), rev("b", ["a"], { dependsOn: ["zz"] })]));
    expect(dep.code).toBe("ATHANOR_UNKNOWN_PARENT");
    expect(dep.meta.field).toBe("dependsOn");
  });

  it("rejects self-loops through parents and dependsOn", () => {
    expect(thrown(() => RevisionGraph.build([rev("a", ["a"])])).code).toBe("ATHANOR_SELF_LOOP");
    const dep = thrown(() => RevisionGraph.build([rev("a", [], { dependsOn: ["a"] })]));
    expect(dep.code).toBe("ATHANOR_SELF_LOOP");
    expect(dep.meta.files).toEqual(["/project/migrations/versions/a.ts"]);
  });

  it("names every revision of a cycle, in edge order", () => {
    const error = thrown(() =>
      RevisionGraph.build([
        rev("root"),
        rev("a", ["c"]),
        rev("b", ["a"]),
        rev("c", ["b"]),
        rev("d", ["root"]),
      ]),
    );
    expect(error.code).toBe("ATHANOR_CYCLE");
    const cycle = error.meta.cycle as string[];
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(["a", "b", "c"]));
    expect(error.message).toMatch(/a → b → c → a|b → c → a → b|c → a → b → c/);
    expect((error.meta.files as string[]).sort()).toEqual(
      ["a", "b", "c"].map((id) => `/project/migrations/versions/${id}.ts`),
    );
  });

  it("finds a cycle that goes through a dependsOn edge", () => {
    const error = thrown(() => RevisionGraph.build([rev("a", [], { dependsOn: ["b"] }), rev("b", ["a"])]));
    expect(error.code).toBe("ATHANOR_CYCLE");
    expect(new Set(error.meta.cycle as string[])).toEqual(new Set(["a", "b"]));
  });

  it("rejects duplicate branch labels, labels equal to ids and malformed labels", () => {
    const dup = thrown(() =>
      RevisionGraph.build([
        rev("a", [], { branchLabels: ["cart"] }),
        rev("b", ["a"], { branchLabels: ["cart"] }),
      ]),
    );
    expect(dup.code).toBe("ATHANOR_DUPLICATE_BRANCH_LABEL");
    expect(dup.message).toContain("already used by revision 'a'");
    expect(dup.meta.files).toHaveLength(2);
    const clash = thrown(() => RevisionGraph.build([rev("a", [], { branchLabels: ["b"] }), rev("b", ["a"])]));
    expect(clash.code).toBe("ATHANOR_DUPLICATE_BRANCH_LABEL");
    for (const label of ["", "x@y", "heads", "a b"]) {
      expect(thrown(() => RevisionGraph.build([rev("a", [], { branchLabels: [label] })])).code).toBe(
        "ATHANOR_BRANCH_LABEL_INVALID",
      );
    }
  });
});

describe("RevisionGraph queries", () => {
  // 1975 → {ae10, 27c6} → 53ff, plus a second base "x1" → "x2" that depends on ae10.
  const graph = RevisionGraph.build([
    rev("1975"),
    rev("ae10", ["1975"]),
    rev("27c6", ["1975"]),
    rev("53ff", ["ae10", "27c6"]),
    rev("x1"),
    rev("x2", ["x1"], { dependsOn: ["ae10"] }),
  ]);

  it("reports heads, effective heads, bases, branch and merge points", () => {
    expect(graph.size).toBe(6);
    expect(graph.heads()).toEqual(["53ff", "x2"]);
    expect(graph.effectiveHeads()).toEqual([]);
    expect(graph.bases()).toEqual(["1975", "x1"]);
    expect(graph.branchPoints()).toEqual(["1975"]);
    expect(graph.mergePoints()).toEqual(["53ff"]);
    expect(graph.children("1975")).toEqual(["ae10", "27c6"]);
    expect(graph.dependents("ae10")).toEqual(["x2"]);
  });

  it("walks ancestors and descendants through parents and dependsOn", () => {
    expect([...graph.ancestors(["x2"])].sort()).toEqual(["1975", "ae10", "x1", "x2"]);
    expect([...graph.descendants(["ae10"])].sort()).toEqual(["53ff", "ae10", "x2"]);
    expect(thrown(() => graph.ancestors(["nope"])).code).toBe("ATHANOR_UNKNOWN_REVISION");
  });

  it("orders revisions topologically, input order breaking ties, one branch at a time", () => {
    expect(graph.revisions().map((r) => r.id)).toEqual(["1975", "ae10", "27c6", "53ff", "x1", "x2"]);
    const reordered = RevisionGraph.build([rev("b", ["a"]), rev("c", ["a"]), rev("a"), rev("d", ["b"])]);
    expect(reordered.revisions().map((r) => r.id)).toEqual(["a", "b", "d", "c"]);
  });

  it("distinguishes real heads from effective heads", () => {
    const g = RevisionGraph.build([
      rev("a1"),
      rev("a2", ["a1"]),
      rev("b1"),
      rev("b2", ["b1"], { dependsOn: ["a2"] }),
    ]);
    expect(g.heads()).toEqual(["b2"]);
    expect(g.effectiveHeads()).toEqual(["a2"]);
  });

  it("get/require", () => {
    expect(graph.get("ae10")?.parents).toEqual(["1975"]);
    expect(graph.get("zz")).toBeUndefined();
    expect(thrown(() => graph.require("zz")).code).toBe("ATHANOR_UNKNOWN_REVISION");
  });
});

describe("branch labels (Alembic semantics)", () => {
  // root → p (branch point) → {a1 → a2 → a3[label cart on a2], b1}; a3 → m ← b1 (merge)
  const graph = RevisionGraph.build([
    rev("root"),
    rev("p", ["root"]),
    rev("a1", ["p"]),
    rev("a2", ["a1"], { branchLabels: ["cart"] }),
    rev("a3", ["a2"]),
    rev("b1", ["p"], { branchLabels: ["net"] }),
    rev("m", ["a3", "b1"]),
  ]);

  it("labels the revision, its descendants and ancestors down to the branch point", () => {
    expect(graph.labelOwner("cart")).toBe("a2");
    expect(graph.labelsOf("a2")).toEqual(["cart"]);
    expect(graph.labelsOf("a3")).toEqual(["cart"]);
    expect(graph.labelsOf("a1")).toEqual(["cart"]);
    expect(graph.labelsOf("p")).toEqual([]);
    expect(graph.labelsOf("root")).toEqual([]);
    expect([...graph.labelsOf("m")].sort()).toEqual(["cart", "net"]);
    expect(graph.branchLabels()).toEqual(["cart", "net"]);
  });

  it("stops walking down at a merge point", () => {
    const g = RevisionGraph.build([
      rev("a"),
      rev("b"),
      rev("m", ["a", "b"]),
      rev("c", ["m"], { branchLabels: ["after"] }),
    ]);
    expect(g.labelsOf("c")).toEqual(["after"]);
    expect(g.labelsOf("m")).toEqual([]);
    expect(g.labelsOf("a")).toEqual([]);
  });
});

describe("scale", () => {
  it("builds and finds heads of 10,000 revisions (a deep chain plus branches) without recursion", () => {
    // Speed is measured in bench/graph.mjs; this proves depth 10,000 neither overflows nor loses revisions.
    const sources = Array.from({ length: 10_000 }, (_, i) =>
      rev(`r${i}`, i === 0 ? [] : [`r${i % 97 === 0 ? i - 2 : i - 1}`]),
    );
    const graph = RevisionGraph.build(sources);
    const heads = graph.heads();
    expect(heads.length).toBeGreaterThan(1);
    expect(heads).toContain("r9999");
    expect(graph.revisions()).toHaveLength(10_000);
    expect(graph.ancestors(["r9999"]).size).toBeGreaterThan(9000);
  });

  it("the chain helper builds diamonds", () => {
    expect(graphOf("a:", "b:a", "c:a", "m:b,c").mergePoints()).toEqual(["m"]);
  });
});
