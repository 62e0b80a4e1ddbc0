import { expect } from "vitest";
import { type BinExit, runBin } from "./bin-process.js";
import { finishedState, readMixedState, type TrialDatabase } from "./mixed-project.js";

/** A run of the mixed project stopped by Ctrl-C in r002's backfill: exit 130, naming `--resume`. */
export function expectStoppedByCtrlC(stopped: BinExit): void {
  expect(stopped.code, stopped.stderr).toBe(130);
  expect(stopped.stderr).toContain("`athanor upgrade --resume`");
  expect(stopped.stderr).not.toContain("Nothing of it was applied");
}

/** What `status`, `current` and `current --json` show of r002 stopped part-way. */
export async function expectPartialRunShown(
  project: string,
  db: TrialDatabase,
  partial: { readonly statementsDone?: number } = {},
): Promise<void> {
  const status = await runBin(project, ["status"], db.env());
  expect(status.code).toBe(1);
  expect(status.stdout).toMatch(/blocked: .*r002 stopped part-way .*athanor upgrade --resume/);
  expect(status.stdout).toContain("Partial run:   the upgrade of revision r002 stopped part-way");
  const current = await runBin(project, ["current"], db.env());
  expect(current.stdout).toContain("r002 (partial: the upgrade of revision r002 stopped part-way");
  const json = JSON.parse((await runBin(project, ["current", "--json"], db.env())).stdout);
  expect(json.partialRuns).toMatchObject([
    { revision: "r002", ...partial, resume: "athanor upgrade --resume" },
  ]);
}

/**
 * Issue 13's "obvious fix" after r002 stopped part-way: undo it by hand and run upgrade again. The
 * run is refused (the version table still at r001, nothing re-applied); what the refusal says —
 * `stamp r001`, then `upgrade` — reaches the rows of an uninterrupted run.
 */
export async function undoByHandThenStamp(project: string, db: TrialDatabase, rows: number): Promise<void> {
  await db.query("ALTER TABLE accounts DROP COLUMN w");
  await db.query("UPDATE accounts SET balance = balance - 50");
  const refused = await runBin(project, ["upgrade"], db.env());
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("ATHANOR_PARTIAL_REVISION");
  expect(refused.stderr).toContain("`athanor stamp r001`");
  expect(await db.query("SELECT version_num AS v FROM athanor_version")).toEqual([{ v: "r001" }]);
  const stamped = await runBin(project, ["stamp", "r001"], db.env());
  expect(stamped.code, stamped.stderr).toBe(0);
  expect(stamped.stdout).toContain("Resolved the partial run of r002");
  const done = await runBin(project, ["upgrade"], db.env());
  expect(done.code, done.stderr).toBe(0);
  expect(await readMixedState((sql) => db.query(sql))).toEqual(finishedState(rows));
}
