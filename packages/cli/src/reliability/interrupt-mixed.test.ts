import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBin, runBin, startBin } from "./bin-process.js";
import {
  finishedState,
  type MixedSizes,
  mixedProject,
  readMixedState,
  serverTrialDatabase,
  type TrialDatabase,
} from "./mixed-project.js";
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
    const stopped = await run.exited;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain("`athanor upgrade --resume`");
    expect(stopped.stderr).not.toContain("Nothing of it was applied");

    const status = await runBin(project, ["status"], db.env());
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/blocked: .*r002 stopped part-way .*athanor upgrade --resume/);
    expect(status.stdout).toContain("Partial run:   the upgrade of revision r002 stopped part-way");
    const current = await runBin(project, ["current"], db.env());
    expect(current.stdout).toContain("r002 (partial: the upgrade of revision r002 stopped part-way");
    const json = JSON.parse((await runBin(project, ["current", "--json"], db.env())).stdout);
    expect(json.partialRuns).toMatchObject([
      { revision: "r002", statementsDone: 4, resume: "athanor upgrade --resume" },
    ]);

    // the "obvious fix": drop the column by hand and run upgrade again
    await db.query("ALTER TABLE accounts DROP COLUMN w");
    await db.query("UPDATE accounts SET balance = balance - 50");
    const refused = await runBin(project, ["upgrade"], db.env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ATHANOR_PARTIAL_REVISION");
    expect(refused.stderr).toContain("`athanor stamp r001`");
    expect(await db.query("SELECT version_num AS v FROM athanor_version")).toEqual([{ v: "r001" }]);
    // what the refusal says to do after undoing by hand
    const stamped = await runBin(project, ["stamp", "r001"], db.env());
    expect(stamped.code).toBe(0);
    expect(stamped.stdout).toContain("Resolved the partial run of r002");
    const done = await runBin(project, ["upgrade"], db.env());
    expect(done.code, done.stderr).toBe(0);
    expect(await readMixedState((sql) => db.query(sql))).toEqual(finishedState(SIZES.rows));
  }, 600_000);
});
