import { describe, expect, it } from "vitest";
import { graphOf, thrown } from "../graph/testing/graph-fixtures.js";
import { planStamp } from "./plan-stamp.js";

const diamond = graphOf("1975:", "ae10:1975", "27c6:1975", "53ff:ae10,27c6");
const forked = graphOf("root:", "c1:root", "c2:c1", "n1:root");

describe("planStamp", () => {
  it("inserts into an empty table and moves a row up or down its lineage", () => {
    expect(planStamp(diamond, { current: [], targets: ["head"] }).transitions).toEqual([
      { kind: "insert", id: "53ff" },
    ]);
    expect(planStamp(diamond, { current: ["1975"], targets: ["53ff"] }).transitions).toEqual([
      { kind: "update", from: "1975", to: "53ff" },
    ]);
    expect(planStamp(diamond, { current: ["53ff"], targets: ["1975"] }).to).toEqual(["1975"]);
  });

  it("collapses every related row into the destination", () => {
    const up = planStamp(diamond, { current: ["ae10", "27c6"], targets: ["53ff"] });
    expect(up.transitions).toEqual([{ kind: "merge", delete: ["27c6"], from: "ae10", to: "53ff" }]);
    const down = planStamp(diamond, { current: ["ae10", "27c6"], targets: ["1975"] });
    expect(down.to).toEqual(["1975"]);
  });

  it("starts a new branch for an unrelated destination and does nothing for an existing row", () => {
    expect(planStamp(forked, { current: ["c2"], targets: ["n1"] }).to).toEqual(["c2", "n1"]);
    expect(planStamp(forked, { current: ["c2"], targets: ["c2"] }).transitions).toEqual([]);
  });

  it("stamps several heads at once and base empties the table", () => {
    expect(planStamp(forked, { current: [], targets: ["c2", "n1"] }).to).toEqual(["c2", "n1"]);
    const base = planStamp(forked, { current: ["c2", "n1"], targets: ["base"] });
    expect(base.transitions).toEqual([
      { kind: "delete", id: "c2" },
      { kind: "delete", id: "n1" },
    ]);
    expect(base.to).toEqual([]);
  });

  it("purge starts from an empty table even when rows name unknown revisions", () => {
    const p = planStamp(forked, { current: ["deleted-file"], targets: ["c2"], purge: true });
    expect(p).toEqual({
      from: ["deleted-file"],
      to: ["c2"],
      purge: true,
      transitions: [{ kind: "insert", id: "c2" }],
    });
    expect(thrown(() => planStamp(forked, { current: ["gone"], targets: ["c2"] })).code).toBe(
      "ATHANOR_UNKNOWN_APPLIED_REVISION",
    );
  });

  it("needs a target, and each revision once", () => {
    expect(thrown(() => planStamp(forked, { current: [], targets: [] })).code).toBe("ATHANOR_INVALID_TARGET");
    expect(thrown(() => planStamp(forked, { current: [], targets: ["c2", "c2"] })).code).toBe(
      "ATHANOR_DUPLICATE_TARGET",
    );
    expect(thrown(() => planStamp(forked, { current: [], targets: ["head"] })).code).toBe(
      "ATHANOR_MULTIPLE_HEADS",
    );
  });
});
