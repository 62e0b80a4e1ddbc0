import { describe, expect, it } from "vitest";
import { checkSingleHead } from "./checks/check-single-head.js";
import { TWO_HEADS } from "./testing/broken-histories.js";
import { describeCheckSuite, failureOf } from "./testing/check-suite.js";

describeCheckSuite("PGlite", "pglite");

describe("checkSingleHead", () => {
  it("names both heads of an unmerged branch and the merge command", async () => {
    const failure = failureOf(await checkSingleHead({ revisions: TWO_HEADS }));
    expect(failure.revision).toBeUndefined();
    expect(failure.message).toMatch(
      /^Expected 1 head revision, found 2:\n {2}m8 \("merge tags and posts.body"\)\n {2}x2 \("unmerged side branch"\)/,
    );
    expect(failure.message).toContain("athanor merge m8 x2");
  });

  it("fails on an empty history", async () => {
    expect(failureOf(await checkSingleHead({ revisions: [] })).message).toMatch(/found none/);
  });
});
