import { describe, expect, it } from "vitest";
import { RevisionGraph } from "./revision-graph.js";
import { readsCurrent, resolveTarget, resolveTargets } from "./target.js";
import { graphOf, rev, thrown } from "./testing/graph-fixtures.js";

// root → p ─┬─ c1[cart] → c2 → c3
//           └─ n1[net] → n2
// x1[other] → x2 (x2 dependsOn c2)
const branched = RevisionGraph.build([
  rev("root"),
  rev("p", ["root"]),
  rev("c1", ["p"], { branchLabels: ["cart"] }),
  rev("c2", ["c1"]),
  rev("c3", ["c2"]),
  rev("n1", ["p"], { branchLabels: ["net"] }),
  rev("n2", ["n1"]),
  rev("x1", [], { branchLabels: ["other"] }),
  rev("x2", ["x1"], { dependsOn: ["c2"] }),
]);
const linear = graphOf("a:", "b:a", "c:b");
const diamond = graphOf("1975:", "ae10:1975", "27c6:1975", "53ff:ae10,27c6");
const r = (target: string, current: readonly string[] = [], direction?: "upgrade" | "downgrade") =>
  resolveTarget(branched, target, direction === undefined ? { current } : { current, direction });

describe("symbols", () => {
  it("head, heads, base, current", () => {
    expect(resolveTarget(linear, "head")).toEqual(["c"]);
    expect(resolveTarget(linear, "heads")).toEqual(["c"]);
    expect(resolveTarget(linear, "base")).toEqual([]);
    expect(resolveTarget(linear, "current", { current: ["b"] })).toEqual(["b"]);
    expect(r("heads")).toEqual(["c3", "n2", "x2"]);
    expect(resolveTarget(RevisionGraph.build([]), "head")).toEqual([]);
  });

  it("head with several heads lists them and suggests label@head and heads", () => {
    const error = thrown(() => r("head"));
    expect(error.code).toBe("ATHANOR_MULTIPLE_HEADS");
    expect(error.meta.heads).toEqual(["c3", "n2", "x2"]);
    expect(error.meta.suggestions).toEqual(["cart@head", "net@head", "other@head", "heads"]);
    expect(error.message).toContain("'cart@head'");
    const unlabeled = thrown(() => resolveTarget(graphOf("a:", "b:a", "c:a"), "head"));
    expect(unlabeled.meta.suggestions).toEqual(["b@head", "c@head", "heads"]);
  });

  it("ids, unique prefixes and labels", () => {
    expect(r("c2")).toEqual(["c2"]);
    expect(resolveTarget(diamond, "ae")).toEqual(["ae10"]);
    expect(resolveTarget(diamond, "5")).toEqual(["53ff"]);
    expect(r("cart")).toEqual(["c1"]);
    expect(r("other")).toEqual(["x1"]);
    expect(r("  c2 ")).toEqual(["c2"]);
  });

  it("an ambiguous prefix lists the matches instead of hiding them", () => {
    const error = thrown(() => r("x"));
    expect(error.code).toBe("ATHANOR_AMBIGUOUS_PREFIX");
    expect(error.meta.matches).toEqual(["x1", "x2"]);
    expect(error.message).toContain("'x1', 'x2'");
  });

  it("an exact id wins over being a prefix of another id", () => {
    expect(resolveTarget(graphOf("ab:", "abc:ab"), "ab")).toEqual(["ab"]);
  });

  it("unknown names", () => {
    const error = thrown(() => r("zzzz"));
    expect(error.code).toBe("ATHANOR_UNKNOWN_REVISION");
    expect(error.meta.token).toBe("zzzz");
    expect(thrown(() => r("nosuch@head")).code).toBe("ATHANOR_UNKNOWN_REVISION");
  });

  it("rejects malformed expressions", () => {
    for (const bad of ["", "  ", "a:b", "cart@@head", "@head", "cart@", "c 2", "c2+x", "a@b@c"]) {
      expect(thrown(() => r(bad)).code, bad).toBe("ATHANOR_INVALID_TARGET");
    }
  });
});

describe("branch forms", () => {
  it("label@head, label@heads, label@base, label@rev", () => {
    expect(r("cart@head")).toEqual(["c3"]);
    expect(r("net@heads")).toEqual(["n2"]);
    expect(r("other@head")).toEqual(["x2"]);
    expect(r("cart@base")).toEqual(["c1"]);
    expect(r("other@base")).toEqual(["x1"]);
    expect(r("cart@c2")).toEqual(["c2"]);
    expect(r("cart@p")).toEqual(["p"]); // ancestors share the lineage
    expect(r("cart@current", ["c2", "n1"])).toEqual(["c2"]);
  });

  it("label@rev outside the branch is ATHANOR_NOT_IN_BRANCH", () => {
    const error = thrown(() => r("cart@n1"));
    expect(error.code).toBe("ATHANOR_NOT_IN_BRANCH");
    expect(error.meta).toMatchObject({ revision: "n1", branch: "cart" });
  });

  it("a prefix is matched inside the branch only", () => {
    // "c" alone is ambiguous (c1, c2, c3) and so is "n"; within net, "n2" is unique by prefix "n2".
    expect(thrown(() => r("net@n")).code).toBe("ATHANOR_AMBIGUOUS_PREFIX");
    expect(r("other@x2")).toEqual(["x2"]);
    expect(thrown(() => r("other@c")).code).toBe("ATHANOR_NOT_IN_BRANCH");
  });

  it("rev@head addresses an unlabeled branch by any member", () => {
    expect(r("c2@head")).toEqual(["c3"]);
    expect(r("p@heads")).toEqual(["c3", "n2"]);
    const error = thrown(() => r("p@head"));
    expect(error.code).toBe("ATHANOR_MULTIPLE_HEADS");
    expect(error.meta.suggestions).toEqual(["cart@head", "net@head", "p@heads"]);
    expect(r("root@base")).toEqual(["root"]);
    expect(r("c3@base")).toEqual(["c1"]); // an unlabeled branch starts after its branch point
    expect(r("n2@base+1")).toEqual(["n1"]);
  });

  // docs/coming-from-alembic.md, "`head` when a `depends_on` target is also a head": Alembic
  // counts a2 (an effective head) and fails; athanor's head is the one real head.
  it("a branch whose top is only depended on still has a head", () => {
    const g = RevisionGraph.build([
      rev("a1", [], { branchLabels: ["A"] }),
      rev("a2", ["a1"]),
      rev("b1"),
      rev("b2", ["b1"], { dependsOn: ["a2"] }),
    ]);
    expect(resolveTarget(g, "A@head")).toEqual(["a2"]);
    expect(resolveTarget(g, "head")).toEqual(["b2"]);
  });
});

describe("relative forms", () => {
  it("+N and -N from the current revision", () => {
    expect(r("+1", ["c1"])).toEqual(["c2"]);
    expect(r("+2", ["c1"])).toEqual(["c3"]);
    expect(r("-1", ["c1"])).toEqual(["p"]);
    expect(r("-3", ["c1"])).toEqual([]);
    expect(r("+0", ["c1"])).toEqual(["c1"]);
  });

  it("walking past a head or base is ATHANOR_RELATIVE_OUT_OF_RANGE", () => {
    const up = thrown(() => r("+3", ["c1"]));
    expect(up.code).toBe("ATHANOR_RELATIVE_OUT_OF_RANGE");
    expect(up.meta).toMatchObject({ steps: 3, taken: 2, at: "c3" });
    expect(thrown(() => r("-4", ["c1"])).code).toBe("ATHANOR_RELATIVE_OUT_OF_RANGE");
    expect(thrown(() => r("-1", [])).code).toBe("ATHANOR_RELATIVE_OUT_OF_RANGE");
    expect(thrown(() => resolveTarget(linear, "head-4")).code).toBe("ATHANOR_RELATIVE_OUT_OF_RANGE");
  });

  it("a fork on the way up is an ambiguous walk listing exact targets", () => {
    const one = thrown(() => r("+1", ["p"]));
    expect(one.code).toBe("ATHANOR_AMBIGUOUS_WALK");
    expect(one.meta).toMatchObject({ at: "p", branches: ["c1", "n1"], candidates: ["c1", "n1"] });
    expect(thrown(() => r("+2", ["p"])).meta.candidates).toEqual(["c2", "n2"]);
    expect(thrown(() => r("+3", ["p"])).meta.candidates).toEqual(["c3"]); // net is too short
    expect(one.message).toContain("branch point");
  });

  it("a merge on the way down is an ambiguous walk", () => {
    const error = thrown(() => resolveTarget(diamond, "-1", { current: ["53ff"] }));
    expect(error.code).toBe("ATHANOR_AMBIGUOUS_WALK");
    expect(error.meta.candidates).toEqual(["ae10", "27c6"]);
    expect(error.message).toContain("merge point");
    const downgrading = thrown(() =>
      resolveTarget(diamond, "-1", { current: ["53ff"], direction: "downgrade" }),
    );
    expect(downgrading.message).toContain("Downgrading to either parent undoes only the merge");
    expect(thrown(() => resolveTarget(diamond, "53ff-2")).meta.candidates).toEqual(["1975"]);
    expect(thrown(() => resolveTarget(diamond, "head-3")).meta.candidates).toEqual(["base"]);
  });

  it("a label whose branch holds no database head walks from the branch's applied tips, and says so", () => {
    // a, b → f[cart] (merge) and a, b → z (another merge): the database is at z alone
    const forked = RevisionGraph.build([
      rev("a"),
      rev("b"),
      rev("f", ["a", "b"], { branchLabels: ["cart"] }),
      rev("z", ["a", "b"]),
    ]);
    const error = thrown(() => resolveTarget(forked, "cart@-1", { current: ["z"], direction: "downgrade" }));
    expect(error.code).toBe("ATHANOR_AMBIGUOUS_WALK");
    expect(error.meta.current).toEqual(["a", "b"]);
    // its one head is z: "the database has several heads ('a', 'b')" was not true
    expect(error.message).not.toContain("the database has several heads");
    expect(error.message).toContain("no head of the database is in branch 'cart'");
  });

  it("several current heads make a symbol-less walk ambiguous", () => {
    const error = thrown(() => r("-1", ["c3", "n2"]));
    expect(error.code).toBe("ATHANOR_AMBIGUOUS_WALK");
    expect(error.meta).toMatchObject({ current: ["c3", "n2"], candidates: ["c2", "n1"] });
    expect(thrown(() => r("+1", ["c2", "n1"])).meta.candidates).toEqual(["c3", "n2"]);
  });

  it("rev+N, rev-N, head-N, base+N", () => {
    expect(r("c1+2")).toEqual(["c3"]);
    expect(r("c3-2")).toEqual(["c1"]);
    expect(resolveTarget(linear, "head-1")).toEqual(["b"]);
    expect(resolveTarget(linear, "head-3")).toEqual([]);
    expect(resolveTarget(linear, "base+2")).toEqual(["b"]);
    expect(resolveTarget(linear, "current+1", { current: ["a"] })).toEqual(["b"]);
    expect(thrown(() => r("base+1")).meta.candidates).toEqual(["root", "x1"]);
    expect(thrown(() => r("base+2")).meta.candidates).toEqual(["p", "x2"]);
    expect(thrown(() => r("head-1")).code).toBe("ATHANOR_MULTIPLE_HEADS");
  });

  it("label@+N, label@-N, label@head-N, label@base+N", () => {
    expect(r("cart@-1", ["c3", "n2"])).toEqual(["c2"]);
    expect(r("net@-1", ["c3", "n2"])).toEqual(["n1"]);
    expect(r("cart@+1", ["c1", "n1"])).toEqual(["c2"]);
    expect(r("cart@head-2")).toEqual(["c1"]);
    expect(r("cart@head-3")).toEqual(["p"]);
    expect(r("cart@base+1")).toEqual(["c1"]);
    expect(r("cart@base+2")).toEqual(["c2"]);
    expect(r("other@+1", [])).toEqual(["x1"]);
    expect(r("cart@c1+1")).toEqual(["c2"]);
  });

  it("a label spelled like a relative form stays addressable", () => {
    const g = RevisionGraph.build([rev("a", [], { branchLabels: ["v-2"] }), rev("b", ["a"])]);
    expect(resolveTarget(g, "v-2")).toEqual(["a"]);
    expect(resolveTarget(g, "v-2@head")).toEqual(["b"]);
    expect(resolveTarget(g, "v-2@head-1")).toEqual(["a"]);
  });

  it("direction rules: upgrade -N and downgrade +N are invalid", () => {
    expect(thrown(() => r("-1", ["c2"], "upgrade")).code).toBe("ATHANOR_INVALID_TARGET");
    expect(thrown(() => r("+1", ["c2"], "downgrade")).code).toBe("ATHANOR_INVALID_TARGET");
    expect(r("c3-1", [], "upgrade")).toEqual(["c2"]);
  });
});

describe("current and lists", () => {
  it("unknown current ids are reported as such", () => {
    const error = thrown(() => r("+1", ["gone"]));
    expect(error.code).toBe("ATHANOR_UNKNOWN_APPLIED_REVISION");
    expect(error.meta.revision).toBe("gone");
  });

  it("resolveTargets merges several targets and rejects duplicates", () => {
    expect(resolveTargets(branched, ["net@head", "cart@head"])).toEqual(["c3", "n2"]);
    const error = thrown(() => resolveTargets(branched, ["cart@head", "c3"]));
    expect(error.code).toBe("ATHANOR_DUPLICATE_TARGET");
    expect(error.meta.duplicate).toBe("c3");
  });
});

describe("branch-relative walks from the applied lineage", () => {
  it("label@+N starts where the branch stands when no current head is in it (Alembic)", () => {
    // Only the trunk is applied: cart@+1 is cart's first revision, not a walk from base.
    expect(r("cart@+1", ["p"])).toEqual(["c1"]);
    expect(r("cart@+2", ["p"])).toEqual(["c2"]);
    // Another branch is at its head: cart's lineage stands at the shared p.
    expect(r("cart@+1", ["n2"])).toEqual(["c1"]);
    expect(r("other@+1", ["n2"])).toEqual(["x1"]);
  });

  it("label@-N from a branch held only as another branch's dependency", () => {
    // x2 dependsOn c2, and x2 is the only row: cart stands at c2.
    expect(r("cart@-1", ["x2"])).toEqual(["c1"]);
  });
});

describe("readsCurrent", () => {
  it("is true for current and for relative forms without a symbol, in either side of a range", () => {
    for (const yes of [
      "current",
      "current-1",
      "cart@current",
      "+1",
      "-2",
      "cart@-1",
      "-2:",
      ":current",
      "-3:current",
    ])
      expect(readsCurrent(yes), yes).toBe(true);
    for (const no of ["head", "head-1", "c2+1", "cart@head-1", "base:heads", "ae10:", "v-2", "currently"])
      expect(readsCurrent(no), no).toBe(false);
  });
});
