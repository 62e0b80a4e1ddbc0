import { defineRevision, type RevisionDefinition } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { checkDowngradeLeavesNoTrace } from "./checks/check-downgrade-leaves-no-trace.js";
import { checkSingleHead } from "./checks/check-single-head.js";
import { checkStairway } from "./checks/check-stairway.js";
import { createTestDatabase } from "./test-database.js";
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

describe("a history with a second root", () => {
  // s1 has no parents: no downgrade target reverts it alone, so the walker reverts to base and
  // re-applies r1; the checks must still see exactly one revision undone
  const sql = (id: string, parents: string[], up: string, down: string) =>
    defineRevision({
      id,
      parents,
      message: id,
      upgrade(op) {
        op.execute(up);
      },
      downgrade(op) {
        op.execute(down);
      },
    });
  const history = [
    sql("r1", [], "CREATE TABLE a (id int)", "DROP TABLE a"),
    sql("s1", [], "CREATE TABLE b (id int)", "DROP TABLE b"),
    sql("m2", ["r1", "s1"], "CREATE INDEX b_id ON b (id)", "DROP INDEX b_id"),
  ];

  it("passes the stairway and the no-trace check, and a forgotten drop in the second root is still caught", async () => {
    const db = await createTestDatabase({ url: "pglite" });
    try {
      for (const check of [checkStairway, checkDowngradeLeavesNoTrace]) {
        const result = await check(db, { revisions: history });
        expect(result.ok && result.revisions).toEqual(["r1", "s1", "m2"]);
      }
      const broken = [history[0], sql("s1", [], "CREATE TABLE b (id int)", "SELECT 1"), history[2]];
      const failure = failureOf(
        await checkDowngradeLeavesNoTrace(db, { revisions: broken as RevisionDefinition[] }),
      );
      expect(failure.revision).toBe("s1");
      expect(failure.message).toMatch(/\+ table "public"."b"/);
    } finally {
      await db.dispose();
    }
  });
});
