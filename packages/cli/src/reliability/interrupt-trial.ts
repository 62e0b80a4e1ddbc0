import { expect } from "vitest";
import { type BinExit, runBin, startBin } from "./bin-process.js";
import { finishedState, type MixedSizes, readMixedState, type TrialDatabase } from "./mixed-project.js";

/** How a trial stops the runner. */
export type InterruptKind = "kill9" | "terminate" | "sigint";

/**
 * Where a trial stops it: during the sleep after statement #0 (DDL) or #2 (DML) of r002, in the
 * middle of its backfill, or during the sleep after the backfill or after the last DML.
 */
export type InterruptPoint = "after-ddl" | "after-dml" | "mid-backfill" | "after-backfill" | "after-last-dml";

/** What one trial saw. */
export interface TrialOutcome {
  readonly interrupted: BinExit;
  /** The plain `upgrade head` after the interruption. */
  readonly rerun: BinExit;
  /** `upgrade head --resume`, when the re-run refused with a partial revision. */
  readonly resumed: BinExit | undefined;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One trial: reset, `upgrade head`, interrupt at `point` with `kind`, then `upgrade head` and —
 * when it refuses with ATHANOR_PARTIAL_REVISION — `upgrade head --resume`; finally every row must
 * equal an uninterrupted run and the version table must be at the head.
 */
export async function interruptTrial(
  project: string,
  db: TrialDatabase,
  sizes: MixedSizes,
  kind: InterruptKind,
  point: InterruptPoint,
  label: string,
): Promise<TrialOutcome> {
  await db.reset();
  const run = startBin(project, ["upgrade", "head"], db.env());
  const stop = await aim(db, point, sizes, run.exited);
  if (stop) {
    if (kind === "kill9") run.kill9();
    else if (kind === "sigint") process.kill(run.pid, "SIGINT");
    else {
      const server = db.server;
      if (server === undefined) throw new Error("terminate needs a server database");
      await Promise.all((await server.otherSessions()).map((id) => server.killSession(id)));
    }
  }
  const interrupted = await run.exited;
  expect(interrupted.stderr, `${label}: no uncaught driver error`).not.toMatch(/TypeError|ATHANOR_INTERNAL/);
  // 130 once the run has begun (it stops at a safe point); a signal that lands while node is
  // still starting or opening the database ends the process before anything ran
  if (kind === "sigint" && stop && interrupted.signal !== "SIGINT")
    expect([0, 130], `${label}: SIGINT exit\n${interrupted.stderr}`).toContain(interrupted.code);
  if (kind === "terminate" && stop)
    expect([0, 1], `${label}: terminated session exit\n${interrupted.stderr}`).toContain(interrupted.code);
  if (interrupted.code === 130) expect(interrupted.stderr + interrupted.stdout).toMatch(/athanor upgrade/);
  await db.server?.waitForNoOtherSessions();

  const rerun = await runBin(project, ["upgrade", "head", "--json"], db.env());
  let resumed: BinExit | undefined;
  if (rerun.code !== 0) {
    const error = JSON.parse(rerun.stdout).error as { code: string; message: string };
    expect(error.code, `${label}: re-run\n${rerun.stdout}`).toBe("ATHANOR_PARTIAL_REVISION");
    expect(error.message).toContain("`athanor upgrade --resume`");
    resumed = await runBin(project, ["upgrade", "head", "--resume"], db.env());
    expect(resumed, `${label}: resume\n${resumed.stdout}\n${resumed.stderr}`).toMatchObject({ code: 0 });
  }
  expect(await readMixedState((sql) => db.query(sql)), label).toEqual(finishedState(sizes.rows));
  const version = await db.query("SELECT version_num AS v FROM athanor_version");
  expect(
    version.map((r) => r.v),
    label,
  ).toEqual(["r003"]);
  return { interrupted, rerun, resumed };
}

/**
 * Waits until the run reaches `point` (server databases: watched from another session; PGlite,
 * which one process at a time can open: by time). Returns false when the run finished first.
 */
async function aim(
  db: TrialDatabase,
  point: InterruptPoint,
  sizes: MixedSizes,
  exited: Promise<BinExit>,
): Promise<boolean> {
  let done = false;
  void exited.then(() => (done = true));
  const server = db.server;
  if (server === undefined) {
    // PGlite: r001 and start-up take ~1-2 s; the statement sleeps are 0.3 s each
    const delays: Record<InterruptPoint, number> = {
      "after-ddl": 1500,
      "after-dml": 2000,
      "mid-backfill": 2600,
      "after-backfill": 3200,
      "after-last-dml": 3600,
    };
    await Promise.race([pause(delays[point]), exited]);
    return !done;
  }
  if (point === "mid-backfill") {
    const until = Date.now() + 60_000;
    while (!done && Date.now() < until) {
      const rows = await server
        .query("SELECT rows_done AS n FROM athanor_version_backfill")
        .catch(() => [] as Record<string, unknown>[]);
      if (Number(rows[0]?.n ?? 0) >= Math.min(sizes.rows / 2, sizes.batchSize * 2)) return true;
      await pause(10);
    }
    return false;
  }
  // The statements before and after the backfill go in one round trip each: find the script by
  // its first sleep, then aim into the sleep after the statement in question (0.3 s each).
  const [marker, offset] =
    point === "after-ddl"
      ? ["0.301", 120]
      : point === "after-dml"
        ? ["0.301", 420]
        : point === "after-backfill"
          ? ["0.305", 120]
          : ["0.305", 420];
  const until = Date.now() + 60_000;
  while (!done && Date.now() < until) {
    const running = await server.query(
      server.dialect === "postgresql"
        ? `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND position('${marker}' in query) > 0 AND state = 'active'`
        : `SELECT 1 FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID() AND LOCATE('${marker}', info) > 0`,
    );
    if (running.length > 0) {
      await Promise.race([pause(offset), exited]);
      return !done;
    }
    await pause(5);
  }
  return false;
}
