import { describe, expect, it } from "vitest";
import { RevisionGraph } from "../graph/revision-graph.js";
import { graphOf, rev } from "../graph/testing/graph-fixtures.js";
import { backfillUnderWayIn } from "./backfill-under-way.js";
import { type PartialRun, partialRunOf, partialStory } from "./partial-story.js";

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
    const partialRow = (note: string | null, statementIndex = 2) =>
      partialRunOf({
        id: 1,
        revision: "b",
        direction: "upgrade",
        status: "partial",
        checksum: null,
        statementIndex,
        note,
      }) as PartialRun;
    const killed = partialRow("at statement #2: backfill of accounts (cursor #2:.accounts)");
    const story = partialStory(killed, graphOf("a:", "b:a"), { versionHeads: ["a"] });
    expect(story.summary).toBe(
      "the upgrade of revision b stopped part-way: statements #0–#1 are applied and committed; the backfill of accounts (statement #2) was under way: its batches so far are committed, and a resume continues from its saved cursor",
    );
    // the way back by hand undoes the backfill's committed batches too, not only #0–#1 (found
    // walking pg_terminate_backend inside a compute backfill: stamping after undoing #0 alone
    // would have left 4,600 rows changed)
    expect(story.undo).toBe(
      'undo statements #0–#1 and the batches the backfill of statement #2 committed by hand, then `stamp(options, ["a"])`',
    );
    // Ctrl-C or a failed batch: the runner's record leads the error, with the batches committed
    const stopped = partialStory(
      partialRow(
        "at statement #2: backfill of accounts (cursor #2:.accounts), 43 batches committed; stopped by: upgrade of revision b was interrupted: …",
      ),
      graphOf("a:", "b:a"),
      { versionHeads: ["a"] },
    );
    expect(stopped.summary).toContain(
      "the backfill of accounts (statement #2) was under way: 43 batches of it are committed, and a resume continues",
    );
    expect(stopped.undo).toBe(
      'undo statements #0–#1 and the 43 batches the backfill of statement #2 committed by hand, then `stamp(options, ["a"])`',
    );
    // rows an athanor before that record wrote: the backfill's own error, where the runner put it
    for (const note of [
      'upgrade of revision b was interrupted: Backfill of accounts stopped between batches: 4,300 rows in 43 batches are done and the cursor is saved in "v_backfill".',
      "upgrade of revision b failed: its upgrade() threw Backfill of accounts failed in batch #44: the server closed the connection.",
    ]) {
      const old = partialStory(partialRow(note), graphOf("a:", "b:a"), { versionHeads: ["a"] });
      expect(old.summary, note).toBe(stopped.summary);
      expect(old.undo, note).toBe(stopped.undo);
    }
    // the same words in a statement's error (a RAISE EXCEPTION text, a constraint's name) are no backfill
    for (const note of [
      "stopped by: upgrade of revision b failed in statement #2 (operation #2, execute): Backfill of users stopped between batches: 1 rows in 1 batches are done and the cursor is saved in x.",
      "upgrade of revision b failed in statement #2 (operation #2, execute): Backfill of users stopped between batches: 1 rows in 1 batches are done and the cursor is saved in x.",
      "stopped by: upgrade of revision b failed: its upgrade() threw Backfill of users failed in batch #2: no.",
    ])
      expect(partialStory(partialRow(note), graphOf("a:", "b:a")).summary, note).not.toContain("backfill");
    // a backfill that had finished (the note names an earlier statement) is not said to be under way
    expect(partialStory(partialRow(killed.note, 3), graphOf("a:", "b:a")).summary).not.toContain("under way");
    expect(partialStory(partialRow(null), graphOf("a:", "b:a")).summary).not.toContain("backfill");
  });

  it("the error after the runner's record cannot move the table it names", () => {
    const fact = backfillUnderWayIn(
      "at statement #0: backfill of s1.a (cursor x) (cursor #0:s1.a (cursor x)), 0 batches committed; stopped by: … (cursor #0:.evil)",
      0,
    );
    expect(fact).toEqual({ statementIndex: 0, table: "s1.a (cursor x)", batches: 0 });
    const none = partialStory(
      { ...run("b"), statementsDone: 0, backfill: { statementIndex: 0, table: "t", batches: 0 } },
      graphOf("a:", "b:a"),
    );
    expect(none.summary).toContain(
      "the backfill of t (statement #0) was under way: none of its batches is committed",
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
