import { describe, expect, it } from "vitest";
import { RevisionGraph } from "../graph/revision-graph.js";
import { graphOf, rev, thrown } from "../graph/testing/graph-fixtures.js";
import { type PlanStep, plan, type VersionTransition } from "./plan.js";

/** One line per step, in the shape of the verified Alembic traces (alembic.md §2.4). */
function trace(steps: readonly PlanStep[]): string[] {
  return steps.map((step) => line(step.transition));
}

function line(t: VersionTransition): string {
  switch (t.kind) {
    case "insert":
      return `INSERT ${t.id}`;
    case "delete":
      return `DELETE ${t.id}`;
    case "update":
      return `UPDATE ${t.from}→${t.to}`;
    case "merge":
      return `${t.delete.map((d) => `DELETE ${d}`).join(" ; ")} ; UPDATE ${t.from}→${t.to}`;
    case "unmerge":
      return `${t.insert.map((d) => `INSERT ${d}`).join(" ; ")} ; UPDATE ${t.from}→${t.to}`;
  }
}

// The verified graph: 1975 → {ae10, 27c6} → 53ff, files in this order. Orders below are what
// Alembic 1.8.1 runs for these files (it walks down from the heads; see graph/walk-order.ts).
const diamond = graphOf("1975:", "ae10:1975", "27c6:1975", "53ff:ae10,27c6");

describe("Alembic's verified traces", () => {
  it("upgrade heads", () => {
    const p = plan(diamond, { current: [], target: "heads", direction: "upgrade" });
    expect(trace(p.steps)).toEqual([
      "INSERT 1975",
      "UPDATE 1975→27c6",
      "INSERT ae10",
      "DELETE 27c6 ; UPDATE ae10→53ff",
    ]);
    expect(p.to).toEqual(["53ff"]);
    expect(p.targets).toEqual(["53ff"]);
  });

  it("downgrade 53ff:base", () => {
    const p = plan(diamond, { current: ["53ff"], target: "base", direction: "downgrade" });
    expect(trace(p.steps)).toEqual([
      "INSERT 27c6 ; UPDATE 53ff→ae10",
      "DELETE ae10",
      "UPDATE 27c6→1975",
      "DELETE 1975",
    ]);
    expect(p.steps.map((s) => s.revision)).toEqual(["53ff", "ae10", "27c6", "1975"]);
    expect(p.to).toEqual([]);
  });

  it("upgrade 27c6:53ff", () => {
    const p = plan(diamond, { current: ["27c6"], target: "53ff", direction: "upgrade" });
    expect(trace(p.steps)).toEqual(["INSERT ae10", "DELETE 27c6 ; UPDATE ae10→53ff"]);
  });

  it("depends_on: upgrading a revision whose dependency is also a head drops that row", () => {
    const g = RevisionGraph.build([
      rev("1a"),
      rev("29f8", ["1a"]),
      rev("55af"),
      rev("2a95", ["29f8"], { dependsOn: ["55af"] }),
    ]);
    expect(g.effectiveHeads()).toEqual(["55af"]);
    const p = plan(g, { current: ["29f8", "55af"], target: "2a95", direction: "upgrade" });
    expect(trace(p.steps)).toEqual(["DELETE 55af ; UPDATE 29f8→2a95"]);
    expect(p.to).toEqual(["2a95"]);
    const all = plan(g, { current: [], target: "heads", direction: "upgrade" });
    expect(trace(all.steps)).toEqual([
      "INSERT 55af",
      "INSERT 1a",
      "UPDATE 1a→29f8",
      "DELETE 55af ; UPDATE 29f8→2a95",
    ]);
  });
});

describe("downgrade", () => {
  it("downgrading to one side of a merge only undoes the merge", () => {
    for (const side of ["ae10", "27c6"]) {
      const p = plan(diamond, { current: ["53ff"], target: side, direction: "downgrade" });
      expect(p.steps.map((s) => s.revision)).toEqual(["53ff"]);
      expect([...p.to].sort()).toEqual(["27c6", "ae10"]);
    }
  });

  it("removes dependents on other branches, and restores the dependency as a row", () => {
    const g = RevisionGraph.build([
      rev("1a"),
      rev("29f8", ["1a"]),
      rev("55af"),
      rev("2a95", ["29f8"], { dependsOn: ["55af"] }),
    ]);
    const toDep = plan(g, { current: ["2a95"], target: "55af", direction: "downgrade" });
    expect(trace(toDep.steps)).toEqual(["INSERT 55af ; UPDATE 2a95→29f8"]);
    const toBase = plan(g, { current: ["2a95"], target: "1a", direction: "downgrade" });
    expect(trace(toBase.steps)).toEqual(["INSERT 55af ; UPDATE 2a95→29f8", "UPDATE 29f8→1a"]);
    expect(toBase.to).toEqual(["1a", "55af"]);
  });

  it("-1 walks from the current revision; label@base removes a whole branch", () => {
    const g = RevisionGraph.build([
      rev("root"),
      rev("c1", ["root"], { branchLabels: ["cart"] }),
      rev("c2", ["c1"]),
      rev("n1", ["root"], { branchLabels: ["net"] }),
    ]);
    expect(plan(g, { current: ["c2", "n1"], target: "cart@-1", direction: "downgrade" }).to).toEqual([
      "c1",
      "n1",
    ]);
    const branch = plan(g, { current: ["c2", "n1"], target: "cart@base", direction: "downgrade" });
    expect(branch.steps.map((s) => s.revision)).toEqual(["c2", "c1"]);
    expect(trace(branch.steps)).toEqual(["UPDATE c2→c1", "DELETE c1"]);
    expect(branch.to).toEqual(["n1"]);
  });

  it("label@rev and label@-N stay inside the label's branch (Alembic)", () => {
    // c60f → {6f3f (kappa), bcb1, bcb3}; bcb1 + bcb3 → a2e4
    const g = RevisionGraph.build([
      rev("base0"),
      rev("c60f", ["base0"]),
      rev("6f3f", ["c60f"], { branchLabels: ["kappa"] }),
      rev("6f40", ["6f3f"]),
      rev("bcb1", ["c60f"]),
      rev("bcb3", ["c60f"]),
      rev("a2e4", ["bcb1", "bcb3"]),
    ]);
    const current = ["6f40", "a2e4"];
    const scoped = plan(g, { current, target: "kappa@c60f", direction: "downgrade" });
    expect(scoped.steps.map((s) => s.revision)).toEqual(["6f40", "6f3f"]);
    expect(scoped.to).toEqual(["a2e4"]);
    const relative = plan(g, { current, target: "kappa@-2", direction: "downgrade" });
    expect(relative.steps.map((s) => s.revision)).toEqual(["6f40", "6f3f"]);
    const unscoped = plan(g, { current, target: "c60f", direction: "downgrade" });
    expect(unscoped.steps.map((s) => s.revision).sort()).toEqual(["6f3f", "6f40", "a2e4", "bcb1", "bcb3"]);
    // A fork inside the branch (at or above its first revision): which side? Refused, as Alembic.
    const forked = RevisionGraph.build([
      rev("k1", [], { branchLabels: ["kappa"] }),
      rev("k2", ["k1"]),
      rev("k3", ["k1"]),
    ]);
    const error = thrown(() =>
      plan(forked, { current: ["k2", "k3"], target: "kappa@k1", direction: "downgrade" }),
    );
    expect(error.code).toBe("ATHANOR_INVALID_TARGET");
    // Below a label that starts at a merge: both sides of the merge lead to it, z does not.
    const merged = RevisionGraph.build([
      rev("t"),
      rev("x", ["t"]),
      rev("y", ["t"]),
      rev("k", ["x", "y"], { branchLabels: ["kappa"] }),
      rev("z", ["t"]),
    ]);
    const below = plan(merged, { current: ["k", "z"], target: "kappa@t", direction: "downgrade" });
    expect(below.steps.map((s) => s.revision).sort()).toEqual(["k", "x", "y"]);
    expect(below.to).toEqual(["z"]);
  });

  it("a target that is not applied is refused", () => {
    const error = thrown(() => plan(diamond, { current: ["ae10"], target: "27c6", direction: "downgrade" }));
    expect(error.code).toBe("ATHANOR_INVALID_TARGET");
    expect(error.meta.notApplied).toEqual(["27c6"]);
  });
});

describe("upgrade", () => {
  it("three-way merge and two bases", () => {
    const three = graphOf("o:", "a:o", "b:o", "c:o", "m:a,b,c");
    expect(trace(plan(three, { current: [], target: "head", direction: "upgrade" }).steps)).toEqual([
      "INSERT o",
      "UPDATE o→c",
      "INSERT b",
      "INSERT a",
      "DELETE b ; DELETE c ; UPDATE a→m",
    ]);
    // Downgrades run in exactly the reverse of the upgrade order.
    expect(trace(plan(three, { current: ["m"], target: "o", direction: "downgrade" }).steps)).toEqual([
      "INSERT b ; INSERT c ; UPDATE m→a",
      "DELETE a",
      "DELETE b",
      "UPDATE c→o",
    ]);
    const bases = graphOf("x:", "y:", "m:x,y");
    expect(trace(plan(bases, { current: [], target: "m", direction: "upgrade" }).steps)).toEqual([
      "INSERT y",
      "INSERT x",
      "DELETE y ; UPDATE x→m",
    ]);
  });

  it("applies only the target's ancestors; siblings stay untouched", () => {
    const p = plan(diamond, { current: [], target: "ae10", direction: "upgrade" });
    expect(p.steps.map((s) => s.revision)).toEqual(["1975", "ae10"]);
  });

  it("a dependency that is not a head does not merge rows", () => {
    const g = RevisionGraph.build([rev("a1"), rev("a2", ["a1"]), rev("b1", [], { dependsOn: ["a1"] })]);
    const p = plan(g, { current: ["a2"], target: "b1", direction: "upgrade" });
    expect(trace(p.steps)).toEqual(["INSERT b1"]);
    expect(p.to).toEqual(["a2", "b1"]);
  });

  it("an older revision merged late is still applied (applied is a set)", () => {
    const p = plan(diamond, { current: ["ae10"], target: "heads", direction: "upgrade" });
    expect(p.steps.map((s) => s.revision)).toEqual(["27c6", "53ff"]);
  });

  it("a target already applied is a no-op; +N walks from current; ids may be given resolved", () => {
    expect(plan(diamond, { current: ["53ff"], target: "ae10", direction: "upgrade" }).steps).toEqual([]);
    expect(plan(diamond, { current: ["ae10"], target: "+1", direction: "upgrade" }).targets).toEqual([
      "53ff",
    ]);
    expect(
      plan(diamond, { current: [], target: ["27c6"], direction: "upgrade" }).steps.map((s) => s.revision),
    ).toEqual(["1975", "27c6"]);
  });
});

describe("phases", () => {
  // root → e(expand) → m(migrate) → c(contract) → o ; root → x (ordinary, another branch)
  const g = RevisionGraph.build([
    rev("root"),
    rev("e", ["root"], { phase: "expand" }),
    rev("m", ["e"], { phase: "migrate" }),
    rev("c", ["m"], { phase: "contract" }),
    rev("o", ["c"]),
    rev("x", ["root"]),
  ]);
  const upTo = (phase: "expand" | "migrate" | "contract" | undefined) =>
    plan(g, { current: [], target: "heads", direction: "upgrade", phase });

  it("holds back revisions of later phases and everything built on them", () => {
    expect(upTo("expand").steps.map((s) => s.revision)).toEqual(["root", "x", "e"]);
    expect(upTo("expand").heldBack).toEqual(["m", "c", "o"]);
    expect(upTo("migrate").steps.map((s) => s.revision)).toEqual(["root", "x", "e", "m"]);
    expect(upTo("migrate").to).toEqual(["x", "m"]);
    expect(upTo("contract").heldBack).toEqual([]);
    expect(upTo(undefined).steps).toHaveLength(6);
  });
});

describe("version-table errors", () => {
  it("unknown, duplicate or buried current rows", () => {
    expect(
      thrown(() => plan(diamond, { current: ["gone"], target: "heads", direction: "upgrade" })).code,
    ).toBe("ATHANOR_UNKNOWN_APPLIED_REVISION");
    expect(
      thrown(() => plan(diamond, { current: ["ae10", "ae10"], target: ["53ff"], direction: "upgrade" })).code,
    ).toBe("ATHANOR_VERSION_TABLE_CONFLICT");
    const buried = thrown(() =>
      plan(diamond, { current: ["1975", "ae10"], target: ["53ff"], direction: "upgrade" }),
    );
    expect(buried.code).toBe("ATHANOR_VERSION_TABLE_CONFLICT");
    expect(buried.meta.notHeads).toEqual(["1975"]);
  });
});

describe("scale", () => {
  it("plans 10,000 revisions up and down without recursion limits", () => {
    const sources = Array.from({ length: 10_000 }, (_, i) =>
      rev(`r${i}`, i === 0 ? [] : i % 500 === 0 ? [`r${i - 1}`, `r${i - 250}`] : [`r${i - 1}`], {
        dependsOn: i % 777 === 5 ? ["r3"] : [],
      }),
    );
    const graph = RevisionGraph.build(sources);
    const started = performance.now();
    const up = plan(graph, { current: [], target: "heads", direction: "upgrade" });
    const down = plan(graph, { current: up.to, target: "base", direction: "downgrade" });
    const elapsed = performance.now() - started;
    expect(up.steps).toHaveLength(10_000);
    expect(up.to).toEqual(graph.heads());
    expect(down.steps).toHaveLength(10_000);
    expect(down.to).toEqual([]);
    expect(
      thrown(() => plan(graph, { current: ["r9999"], target: "-9000", direction: "downgrade" })).meta
        .candidates,
    ).toEqual(["r9499-8500", "r9250-8500"]);
    const chain = RevisionGraph.build(
      Array.from({ length: 10_000 }, (_, i) => rev(`c${i}`, i === 0 ? [] : [`c${i - 1}`])),
    );
    expect(plan(chain, { current: ["c9999"], target: "-9999", direction: "downgrade" }).steps).toHaveLength(
      9999,
    );
    // A guard against quadratic walks, not a benchmark (bench/ has the figures): a shared
    // 2-core CI machine under load must not turn it red, so the bound is generous.
    expect(elapsed).toBeLessThan(10_000);
  });
});
