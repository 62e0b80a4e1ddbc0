import { describe, expect, it } from "vitest";
import { RevisionGraph } from "../graph/revision-graph.js";
import { graphOf, rev } from "../graph/testing/graph-fixtures.js";
import { type PartialRun, partialStory } from "./partial-story.js";

const run = (revision: string): PartialRun => ({
  revision,
  direction: "upgrade",
  statementsDone: 1,
  note: null,
  checksum: null,
});

describe("partialStory", () => {
  it("a revision in the folder: resume it, or undo by hand and stamp its parent", () => {
    const story = partialStory(run("b"), graphOf("a:", "b:a"), { versionHeads: ["a"] });
    expect(story.resume).toBe("upgrade(options, { resume: true })");
    expect(story.undo).toBe('undo statement #0 by hand, then `stamp(options, ["a"])`');
  });

  // Found by a user walk: the failed revision was deleted and regenerated. The story offered
  // `--resume` (refused: the revision is not in the graph) and `athanor stamp base`, which would have
  // marked an applied database as empty.
  it("a revision whose file is gone: no resume, and the stamp keeps the version table where it is", () => {
    const story = partialStory(run("gone"), graphOf("a:", "b:a"), { versionHeads: ["a"] });
    expect(story.resume).toBeNull();
    expect(story.undo).toBe('undo statement #0 by hand, then `stamp(options, ["a"])`');
    expect(story.text).toMatch(/no longer in the versions folder, so athanor cannot resume it/);
    expect(story.text).not.toMatch(/"base"/);
  });

  // Found walking SQLite: after kill -9 inside a backfill, status said only "none of its
  // statements is recorded as complete", with 115,000 rows already written and their cursor saved.
  it("a run stopped inside a backfill says the backfill was under way and a resume continues from its cursor", () => {
    const inBackfill: PartialRun = {
      ...run("b"),
      statementsDone: 2,
      note: "at statement #2: backfill of accounts (cursor #2:.accounts)",
    };
    const story = partialStory(inBackfill, graphOf("a:", "b:a"), { versionHeads: ["a"] });
    expect(story.summary).toBe(
      "the upgrade of revision b stopped part-way: statements #0–#1 are applied and committed; the backfill of accounts (statement #2) was under way: its batches so far are committed, and a resume continues from its saved cursor",
    );
    // the way back by hand undoes the backfill's committed batches too, not only #0–#1 (found
    // walking pg_terminate_backend inside a compute backfill: stamping after undoing #0 alone
    // would have left 4,600 rows changed)
    expect(story.undo).toBe(
      'undo statements #0–#1 and the batches the backfill of statement #2 committed by hand, then `stamp(options, ["a"])`',
    );
    // Ctrl-C or a failed batch replaces the note with the run's error: still a backfill under way
    for (const note of [
      'upgrade of revision b was interrupted: Backfill of accounts stopped between batches: 4,300 rows in 43 batches are done and the cursor is saved in "v_backfill".',
      "upgrade of revision b failed: its upgrade() threw Backfill of accounts failed in batch #47: the server closed the connection.",
    ]) {
      const stopped = partialStory({ ...inBackfill, note }, graphOf("a:", "b:a"), { versionHeads: ["a"] });
      expect(stopped.summary, note).toContain("the backfill of accounts (statement #2) was under way");
      expect(stopped.undo, note).toBe(story.undo);
    }
    // a backfill that had finished (the note names an earlier statement) is not said to be under way
    const later = { ...inBackfill, statementsDone: 3 };
    expect(partialStory(later, graphOf("a:", "b:a")).summary).not.toContain("under way");
    expect(partialStory({ ...inBackfill, note: null }, graphOf("a:", "b:a")).summary).not.toContain(
      "backfill",
    );
  });

  it("a revision whose file is gone on an empty version table stamps base", () => {
    const story = partialStory(run("gone"), graphOf("a:"), { versionHeads: [] });
    expect(story.undo).toBe('undo statement #0 by hand, then `stamp(options, ["base"])`');
  });

  // The downgrade's way back by hand ends at the revision itself, which `stamp` refuses once no
  // file declares it: the story offered `stamp gone`, a command that cannot work.
  it("a downgrade whose file is gone: restore the file to resume, and no stamp of the missing revision", () => {
    const down: PartialRun = { ...run("gone"), direction: "downgrade" };
    const story = partialStory(down, graphOf("a:"), { versionHeads: ["gone"] });
    expect(story.resume).toBeNull();
    expect(story.undo).toBe("restore revision gone's file, then `downgrade(options, { resume: true })`");
    expect(story.text).toMatch(/restore the file to resume with `downgrade\(options, \{ resume: true \}\)`/);
    expect(story.text).not.toMatch(/stamp\(options/);
    // with the file in the folder, stamping the revision itself is still the way back by hand
    const kept = partialStory({ ...down, revision: "b" }, graphOf("a:", "b:a"), { versionHeads: ["b"] });
    expect(kept.undo).toBe(
      'redo statement #0 of the downgrade\'s reverse by hand, then `stamp(options, ["b"])`',
    );
  });

  // Found by a user walk on MariaDB: a migrate backfill killed part-way advised
  // `athanor upgrade --resume`, which finished it and then ran the contract (dropping the old
  // column) while the old code was still deployed.
  it("an expand or migrate revision resumes with the first stage only, so the contract still waits", () => {
    const graph = RevisionGraph.build([
      rev("a"),
      rev("e", ["a"], { phase: "expand" }),
      rev("m", ["e"], { phase: "migrate" }),
      rev("c", ["m"], { phase: "contract" }),
    ]);
    for (const staged of ["e", "m"])
      expect(partialStory(run(staged), graph).resume).toBe(
        'upgrade(options, { phase: "migrate", resume: true })',
      );
    expect(partialStory(run("c"), graph).resume).toBe("upgrade(options, { resume: true })");
  });
});
