import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import type { PlanStep } from "../plan/plan.js";
import type { BookkeepingSql, RunIdentity } from "./bookkeeping-sql.js";
import { onlineOpSink } from "./online-op-sink.js";
import { partialStory } from "./partial-story.js";
import { ProgressRecord } from "./progress-record.js";
import type { RevisionSet } from "./revision-set.js";
import type { StepResult } from "./runner-result.js";
import { type Aftermath, describeFailure, locateFailure, ScriptFailure } from "./step-failure.js";
import { type RunSafety, StepSafety } from "./step-safety.js";
import { runRevisionFunction } from "./step-script.js";
import { StepTransaction, stepMode } from "./step-transaction.js";

/** What every step of one online run shares. */
export interface OnlineContext {
  readonly conn: Connection;
  readonly dialect: Dialect;
  readonly sql: BookkeepingSql;
  readonly revisions: RevisionSet;
  readonly graph: RevisionGraph;
  readonly runId: string;
  readonly who: RunIdentity;
  /** Every statement sent to the database, in order (reads excluded); for tests and `--verbose`. */
  readonly log?: ((sql: string) => void) | undefined;
  /** Lock timeouts, invalid-index guard and backfill settings of the run (default: lock-safe defaults). */
  readonly safety?: RunSafety | undefined;
}

/** Where a resumed attempt starts: statements before `statementIndex` are done and are skipped. */
export interface ResumePoint {
  readonly statementIndex: number;
}

/**
 * Applies one upgrade/downgrade step. A transactional revision runs as
 * `BEGIN; <ops>; <version-table update>; <history row>; COMMIT` in as few round trips as
 * `op.query` allows — one for a revision of plain operations when the dialect has a server-side
 * batch clock (the history row's duration then adds the server's time), else the history row
 * and COMMIT follow in a round trip of their own — and the revision, its version row and its
 * history row commit together. Whenever statements must commit before the end (a
 * backfill, MySQL DDL, a non-transactional revision), a {@link ProgressRecord} marker commits
 * with them, so every interruption leaves an exact record; `resume` skips the statements such a
 * record says are done. Never throws for a failing revision.
 *
 * The wrapping of statements lives in {@link StepTransaction}, what `op` calls do in
 * {@link onlineOpSink}; this function only sequences the step and reports its outcome.
 *
 * @example
 * ```ts
 * const result = await applyStepOnline(ctx, { revision: "b2", direction: "upgrade", transition });
 * ```
 */
export async function applyStepOnline(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety = defaultSafety(ctx, step),
  resume?: ResumePoint,
): Promise<StepResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const { dialect } = ctx;
  const transactional = ctx.graph.get(step.revision)?.transactional ?? true;
  const resumeFrom = resume?.statementIndex ?? 0;
  const record = new ProgressRecord(ctx.sql, step, {
    runId: ctx.runId,
    who: ctx.who,
    checksum: ctx.revisions.checksum(step.revision),
    startedAt,
  });
  const tx = new StepTransaction({
    conn: ctx.conn,
    dialect,
    mode: stepMode(transactional, dialect),
    safety,
    record,
    resumeFrom,
    log: ctx.log,
    fence: dialect.lockFence === undefined ? undefined : await dialect.lockFence(ctx.conn),
  });

  try {
    const definition = await ctx.revisions.definition(step.revision);
    const sink = onlineOpSink({
      conn: ctx.conn,
      dialect,
      step,
      tx,
      safety,
      record,
      resuming: resume !== undefined,
      resumeFrom,
      log: ctx.log,
    });
    await runRevisionFunction(definition, step.direction, sink, dialect.name);
    // most revisions leave neither: no awaits for them between two commits
    if (sink.hasUnfinishedWork()) {
      await sink.refuseUnawaitedBackfill();
      await sink.renderPending();
    }
    tx.openFinalTransaction();
    tx.push(...ctx.sql.transition(step.transition).map((sql) => ({ sql, role: "version" as const })));
    // a downgraded revision keeps no cursor: its next upgrade starts every backfill afresh
    if (step.direction === "downgrade" && (await safety.cursorTableExists(ctx.conn)))
      tx.push({ sql: safety.backfillState.discard(step.revision), role: "progress" });
    // One round trip for the rest of the step, history row and COMMIT included, where the
    // server can time it; else the statements first, so the history row's duration is real.
    const clock = dialect.bookkeepingSql.batchClock;
    const oneTrip = clock !== undefined && tx.mode !== "autocommit";
    if (oneTrip) tx.startBatchClock(clock.start);
    else await tx.flush();
    // the history row adds the server's time to the client's part; the result reports the whole step
    await tx.commitStep(record.finish(performance.now() - t0, safety.note(), oneTrip));
    return {
      revision: step.revision,
      direction: step.direction,
      status: "applied",
      durationMs: performance.now() - t0,
      statements: tx.opStatementsSent,
      ...(safety.summaries.length === 0 ? {} : { backfills: [...safety.summaries] }),
    };
  } catch (error) {
    return failedStep(ctx, step, tx, record, resume, error, performance.now() - t0);
  }
}

/** After a failure: rolls back, records what the attempt left, and describes it. */
async function failedStep(
  ctx: OnlineContext,
  step: PlanStep,
  tx: StepTransaction,
  record: ProgressRecord,
  resume: ResumePoint | undefined,
  error: unknown,
  durationMs: number,
): Promise<StepResult> {
  await tx.abandon();
  const recorded = await record.read(ctx.conn);
  const aftermath = await confirmRollback(
    ctx,
    step,
    error,
    stoppedAtFence(error, tx, resume)
      ? { kind: "nothing" }
      : aftermathOf(ctx, step, recorded, resume, tx.commitSent),
  );
  const located =
    error instanceof ScriptFailure &&
    error.statement === undefined &&
    tx.mode === "atomic" &&
    aftermath.kind !== "unknown"
      ? await locateFailure(ctx.conn, ctx.dialect, tx.sentInTransaction, error)
      : error;
  const failure = describeFailure(step, located, aftermath);
  // A recorded version row is not a resumable part-way run: the history says failed.
  const partial = aftermath.kind === "partial" || aftermath.kind === "unknown";
  await record.fail(
    ctx.conn,
    {
      status: partial ? "partial" : "failed",
      statementIndex: aftermath.kind === "partial" ? aftermath.statementsDone : failure.statementIndex,
    },
    typeof recorded === "number",
    durationMs,
    failure.message.slice(0, 4000),
  );
  return {
    revision: step.revision,
    direction: step.direction,
    status: partial ? "partial" : "failed",
    durationMs,
    statements: tx.opStatementsSent,
    error: failure,
  };
}

/**
 * The lock fence failed before anything of the step reached the server: the server stopped the
 * batch there, so nothing of it ran — known without reading the record back (the heartbeat that
 * saw the lease lost may have closed the session by then).
 */
function stoppedAtFence(error: unknown, tx: StepTransaction, resume: ResumePoint | undefined): boolean {
  return (
    error instanceof ScriptFailure &&
    error.statement?.role === "fence" &&
    !tx.workSent &&
    resume === undefined
  );
}

/**
 * What a failed attempt left, from what the database recorded: this attempt's progress record,
 * else the point it resumed from (still partial there), else nothing. "Nothing" is verified: the
 * record was read and is absent, or no COMMIT was ever sent (a dead session's open transaction
 * is rolled back by the server). A lost connection after a COMMIT leaves it unknown.
 */
function aftermathOf(
  ctx: OnlineContext,
  step: PlanStep,
  recorded: number | undefined | "unknown",
  resume: ResumePoint | undefined,
  commitSent: boolean,
): Aftermath {
  if (recorded === "unknown" && commitSent) return { kind: "unknown" };
  const done = typeof recorded === "number" ? recorded : resume?.statementIndex;
  if (done === undefined) return { kind: "nothing" };
  const story = partialStory(
    {
      revision: step.revision,
      direction: step.direction === "downgrade" ? "downgrade" : "upgrade",
      statementsDone: done,
      note: null,
      checksum: null,
    },
    ctx.graph,
  ).text;
  return { kind: "partial", statementsDone: done, story };
}

/**
 * A transaction the database rolled back behind the runner's back (a transaction guard failed:
 * a Galera certification conflict) is said to have left nothing only once the version table,
 * read back, does not show the step; when it does show it, the outcome says so
 * (`version-recorded`); when it cannot be read, unknown.
 */
async function confirmRollback(
  ctx: OnlineContext,
  step: PlanStep,
  error: unknown,
  aftermath: Aftermath,
): Promise<Aftermath> {
  if (!(error instanceof ScriptFailure) || error.statement?.role !== "guard" || aftermath.kind !== "nothing")
    return aftermath;
  const read = ctx.sql.selectHeads();
  const heads = await ctx.conn.query<{ version_num: string }>(ctx.dialect.causalRead?.(read) ?? read).then(
    (result) => result.rows.map((row) => row.version_num),
    () => undefined,
  );
  if (heads === undefined) return { kind: "unknown" };
  const stepShows = heads.includes(step.revision) === (step.direction === "upgrade");
  return stepShows ? { kind: "version-recorded" } : aftermath;
}

function defaultSafety(ctx: OnlineContext, step: PlanStep): StepSafety {
  const run = ctx.safety ?? { lockRetry: undefined, invalidIndexes: [], versionTable: ctx.sql.location };
  return new StepSafety(run, ctx.dialect, step.revision, step.direction);
}
