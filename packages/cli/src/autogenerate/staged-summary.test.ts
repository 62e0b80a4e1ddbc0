import { type StagedDiff, TODO_EXPRESSION } from "@athanor/autogenerate";
import { describe, expect, it } from "vitest";
import { stagedSummary } from "./staged-summary.js";

// A two-phase recipe whose migrate revision backfills `value`: either computed by athanor (a
// rename copies the old column) or a stub the user must write.
function recipe(value: string): StagedDiff {
  const backfill = { kind: "backfill", table: "users", set: { mail: value } } as const;
  return {
    revisions: [
      { kind: "staged", phase: "expand", title: "expand", groups: [] },
      {
        kind: "staged",
        phase: "migrate",
        title: "migrate: backfill",
        groups: [{ up: [backfill], down: [] }],
      },
    ],
    changes: [],
    ignores: [],
    notes: [],
  } as unknown as StagedDiff;
}

describe("stagedSummary", () => {
  it("asks to fill TODO(athanor) backfills only when the recipe left one", () => {
    const computed = stagedSummary(recipe('"email"')).join("\n");
    expect(computed).toContain("athanor upgrade --phase expand");
    expect(computed).not.toContain("TODO(athanor)");
    expect(stagedSummary(recipe(TODO_EXPRESSION)).join("\n")).toContain(
      "Fill every TODO(athanor) backfill first",
    );
  });
});
