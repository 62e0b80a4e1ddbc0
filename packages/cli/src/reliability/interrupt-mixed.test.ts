import { afterAll, beforeAll, describe, it } from "vitest";
import { buildBin, startBin } from "./bin-process.js";
import { type MixedSizes, mixedProject, serverTrialDatabase, type TrialDatabase } from "./mixed-project.js";
import { expectPartialRunShown, expectStoppedByCtrlC, undoByHandThenStamp } from "./partial-run.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 13's Ctrl-C scenario on PostgreSQL, at small scale. The interruption trials at every
// statement boundary, on every database, are boundary-trials.test.ts.
const SIZES: MixedSizes = { rows: 3000, batchSize: 200 };

describe("postgresql", () => {
  let project: string;
  let server: ScratchDatabase | undefined;
  let db: TrialDatabase;
  beforeAll(async () => {
    await buildBin();
    project = await mixedProject("postgresql", SIZES);
    server = await scratchDatabase("postgresql", "mixed");
    db = serverTrialDatabase(server);
  }, 300_000);
  afterAll(() => server?.dispose());
  it("issue 13's Ctrl-C scenario at small scale: status and current show the partial run, a hand-undone revision cannot go silently wrong", async () => {
    await db.reset();
    const run = startBin(project, ["upgrade", "head"], db.env());
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const rows = await db
        .query("SELECT rows_done AS n FROM athanor_version_backfill")
        .catch(() => [] as Record<string, unknown>[]);
      if (Number(rows[0]?.n ?? 0) >= SIZES.batchSize * 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    process.kill(run.pid, "SIGINT");
    expectStoppedByCtrlC(await run.exited);
    await expectPartialRunShown(project, db, { statementsDone: 4 });
    await undoByHandThenStamp(project, db, SIZES.rows);
  }, 600_000);
});
