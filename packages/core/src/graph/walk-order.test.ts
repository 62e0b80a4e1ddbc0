import { describe, expect, it } from "vitest";
import { RevisionGraph } from "./revision-graph.js";
import { graphOf, rev } from "./testing/graph-fixtures.js";
import { walkOrder } from "./walk-order.js";

const ids = (graph: RevisionGraph, heads: readonly string[], only?: readonly string[]) => {
  const mask = new Uint8Array(graph.size).fill(only === undefined ? 1 : 0);
  for (const id of only ?? []) mask[graph.indexOf(id)] = 1;
  const order = walkOrder(
    graph.index,
    mask,
    heads.map((h) => graph.indexOf(h)),
  );
  return order.map((i) => graph.index.sources[i]?.id);
};

// Every expectation here is what Alembic 1.8.1 printed or ran for the same files in the same
// order (tests/alembic-parity has thousands more).
describe("walkOrder (Alembic's history and plan order)", () => {
  it("a merge: the first parent's line first, then the other, then what they share", () => {
    const diamond = graphOf("1975:", "ae10:1975", "27c6:1975", "53ff:ae10,27c6");
    expect(ids(diamond, ["53ff"])).toEqual(["53ff", "ae10", "27c6", "1975"]);
    expect(diamond.newestFirst()).toEqual(["53ff", "ae10", "27c6", "1975"]);
  });

  it("several heads: taken in file order, a shared ancestor waits for every line above it", () => {
    const g = graphOf("a:", "b:a", "c:a", "d:c");
    expect(ids(g, ["b", "d"])).toEqual(["b", "d", "c", "a"]);
    // file order, not id order, decides
    const swapped = RevisionGraph.build([rev("a"), rev("d", ["c"]), rev("c", ["a"]), rev("b", ["a"])]);
    expect(swapped.newestFirst()).toEqual(["d", "c", "b", "a"]);
  });

  it("a dependency becomes a line of its own after the parents", () => {
    const g = RevisionGraph.build([
      rev("1a"),
      rev("29f8", ["1a"]),
      rev("55af"),
      rev("2a95", ["29f8"], { dependsOn: ["55af"] }),
    ]);
    expect(g.newestFirst()).toEqual(["2a95", "29f8", "1a", "55af"]);
  });

  it("orders only the marked revisions, and keeps ones the heads do not reach", () => {
    const g = graphOf("a:", "b:a", "c:b", "x:");
    expect(ids(g, ["c"], ["b", "c"])).toEqual(["c", "b"]);
    expect(ids(g, ["c"], ["b", "c", "x"])).toEqual(["c", "b", "x"]);
  });
});
