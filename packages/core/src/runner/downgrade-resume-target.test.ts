import { describe, expect, it } from "vitest";
import { graphOf } from "../graph/testing/graph-fixtures.js";
import { plan } from "../plan/plan.js";
import { downgradeResumeTarget } from "./downgrade-resume-target.js";

// r1 → r2 → r3 → r4 on one line.
const line = graphOf("r1:", "r2:r1", "r3:r2", "r4:r3");
const stoppedIn = (current: string[], target: string, revision: string, graph = line) =>
  downgradeResumeTarget(graph, plan(graph, { current, target, direction: "downgrade" }), target, revision);

describe("the target a stopped downgrade's advice names", () => {
  it("is the typed target when it means the same from where the stop left the database", () => {
    expect(stoppedIn(["r4"], "base", "r4")).toBe("base");
    expect(stoppedIn(["r4"], "base", "r2")).toBe("base");
    expect(stoppedIn(["r4"], "r1", "r3")).toBe("r1");
    // the stop is in the first step: nothing moved yet
    expect(stoppedIn(["r4"], "-2", "r4")).toBe("-2");
  });

  it("is the revision a relative target resolved to once steps before the stop moved the heads", () => {
    // r4 reverted, r3 stopped: `-3` from r3 would be base
    expect(stoppedIn(["r4"], "-3", "r3")).toBe("r1");
  });

  it("is none when the stopped revision is the plan's last: the plain resume ends there", () => {
    expect(stoppedIn(["r4"], "r1", "r2")).toBeUndefined();
    expect(stoppedIn(["r4"], "-1", "r4")).toBeUndefined();
    expect(stoppedIn(["r4"], "base", "r1")).toBeUndefined();
  });

  it("keeps a branch's base, which an unscoped target would not", () => {
    const branched = graphOf("r1:", "r2:r1", "c1:r1", "c2:c1");
    const stopped = plan(branched, { current: ["r2", "c2"], target: "c2@base", direction: "downgrade" });
    expect(stopped.steps.map((s) => s.revision)).toEqual(["c2", "c1"]);
    expect(downgradeResumeTarget(branched, stopped, "c2@base", "c2")).toBe("c2@base");
  });

  it("is none for an upgrade or a revision the plan does not take", () => {
    const up = plan(line, { current: [], target: "heads", direction: "upgrade" });
    expect(downgradeResumeTarget(line, up, "heads", "r2")).toBeUndefined();
    expect(stoppedIn(["r4"], "r2", "r1")).toBeUndefined();
  });
});
