import { beforeAll, describe, expect, it } from "vitest";
import { buildBin, runBin, startBin } from "./bin-process.js";
import { calibrate } from "./boundary-trial.js";
import {
  finishedState,
  type MixedSizes,
  mixedProject,
  readMixedState,
  sqliteTrialDatabase,
  type TrialDatabase,
} from "./mixed-project.js";
import { expectPartialRunShown, expectStoppedByCtrlC, undoByHandThenStamp } from "./partial-run.js";

// Issue 13's Ctrl-C scenario on a SQLite file: Ctrl-C after the backfill's second batch has
// committed (aimed by the runner's own statement trace, not by timing), then what a user sees —
// `status`, `current`, `current --json` — and both ways on: `upgrade --resume`, or undoing the
// revision by hand, being refused a silent re-run, `stamp`-ing and upgrading again.
const SIZES: MixedSizes = { rows: 600, batchSize: 200 };

describe("sqlite", () => {
  let project: string;
  let db: TrialDatabase;
  let pauseAfter: number;
  beforeAll(async () => {
    await buildBin();
    project = await mixedProject("sqlite", SIZES, { sleeps: false, transactional: true });
    db = sqliteTrialDatabase(project);
    const { statements } = await calibrate(project, db, { audit: false });
    // the COMMIT script right after the second batch saved its cursor
    const cursors = statements.flatMap((s, i) =>
      /^UPDATE "athanor_version_backfill"/.test(s) ? [i + 1] : [],
    );
    expect(cursors.length, statements.join("\n")).toBeGreaterThanOrEqual(2);
    pauseAfter = (cursors[1] as number) + 1;
    // the foreign key check and COMMIT, one script (the trace may cut it before its COMMIT)
    expect(statements[pauseAfter - 1]).toMatch(/^CREATE TEMP TABLE IF NOT EXISTS "athanor_fk_violation"/);
  }, 300_000);

  /** `upgrade head` stopped by Ctrl-C after the second batch's COMMIT; the run's exit. */
  const interrupted = async () => {
    await db.reset();
    const run = startBin(project, ["upgrade", "head"], {
      ...db.env(),
      ATHANOR_TEST_PAUSE_AFTER: String(pauseAfter),
    });
    expect(await run.stderrShows(`athanor-test: paused after statement ${pauseAfter}\n`)).toBe(true);
    process.kill(run.pid, "SIGINT");
    expectStoppedByCtrlC(await run.exited);
    const rows = await db.query("SELECT rows_done AS n FROM athanor_version_backfill");
    expect(rows).toEqual([{ n: SIZES.batchSize * 2 }]);
  };

  it("status and current show the partial run; upgrade --resume finishes it with every row once", async () => {
    await interrupted();
    await expectPartialRunShown(project, db);

    const plain = await runBin(project, ["upgrade"], db.env());
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("ATHANOR_PARTIAL_REVISION");
    const resumed = await runBin(project, ["upgrade", "--resume"], db.env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await readMixedState((sql) => db.query(sql))).toEqual(finishedState(SIZES.rows));
  }, 300_000);

  it("a revision undone by hand is refused a silent re-run; stamp, then upgrade, reaches the same rows", async () => {
    await interrupted();
    await undoByHandThenStamp(project, db, SIZES.rows);
  }, 300_000);
});
