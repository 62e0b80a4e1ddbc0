import type { Connection, ScriptNow } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import type { PlanStep } from "../plan/plan.js";
import type { RevisionDefinition } from "../revision/revision.js";
import { partialFailureNote, type RunningBackfill } from "./backfill-under-way.js";
import type { BookkeepingSql, RunIdentity } from "./bookkeeping-sql.js";
import { LeanStepSink, NotPreparedAhead } from "./lean-step-sink.js";
import { type OnlineOpSink, onlineOpSink } from "./online-op-sink.js";
import { callsOpOnly } from "./op-calls-only.js";
import { partialStory } from "./partial-story.js";
import { ProgressRecord } from "./progress-record.js";
import type { RevisionSet } from "./revision-set.js";
import type { RunTransaction } from "./run-transaction.js";
import type { StepResult } from "./runner-result.js";
import {
  type Aftermath,
  describeFailure,
  executeStatements,
  executeStatementsNow,
  locateFailure,
  ScriptFailure,
} from "./step-failure.js";
import { type RunSafety, StepSafety } from "./step-safety.js";
import { runRevisionFunction, runRevisionFunctionNow, type ScriptStatement } from "./step-script.js";
import { StepTransaction, stepMode } from "./step-transaction.js";
import type { PreparedFullStep, PreparedLeanStep, PreparedStep, StepsAhead } from "./steps-ahead.js";

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
  /** Prepares the next step's batch while the server runs this one's (steps-ahead.ts); absent: none is. */
  readonly ahead?: StepsAhead | undefined;
  /**
   * The target a downgrade stopped part-way in a revision is resumed to (`downgrade TARGET
   * --resume`, see downgrade-resume-target.ts); absent or undefined: the plain resume advice.
   */
  readonly downgradeTargetOf?: ((revision: string) => string | undefined) | undefined;
  /**
   * The run's one transaction (`singleTransaction`): every step runs inside it, without a BEGIN
   * or COMMIT of its own; absent: each step commits on its own.
   */
  readonly runTransaction?: RunTransaction | undefined;
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
  /** This step's batch, prepared while the step before ran (its `safety` is the one given). */
  prepared?: PreparedStep,
): Promise<StepResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  // the queued step has its own record (its times are this turn's): nothing more to build first
  if (prepared?.kind === "full") return applyPreparedFullStep(ctx, step, prepared, startedAt, t0);
  const { dialect } = ctx;
  const record = new ProgressRecord(ctx.sql, step, {
    runId: ctx.runId,
    who: ctx.who,
    checksum: ctx.revisions.checksum(step.revision),
    startedAt,
  });
  const transactional = ctx.graph.get(step.revision)?.transactional ?? true;
  if (prepared?.kind === "lean") return applyStepLean(ctx, step, safety, record, t0, prepared);
  if (resume === undefined && leanStepFits(ctx, transactional, safety))
    return applyStepLean(ctx, step, safety, record, t0);
  const fence = dialect.lockFence === undefined ? undefined : await dialect.lockFence(ctx.conn);
  const full = openFullStep(ctx, step, safety, record, transactional, resume, fence);
  try {
    const definition = await ctx.revisions.definition(step.revision);
    await runRevisionFunction(definition, step.direction, full.sink, dialect.name);
    return await finishFullStep(ctx, step, safety, full, t0);
  } catch (error) {
    return failedStep(ctx, step, safety, full.tx, record, resume, error, performance.now() - t0);
  }
}

/** The full path's parts for one attempt at one step. */
interface FullStep {
  readonly record: ProgressRecord;
  readonly tx: StepTransaction;
  readonly sink: OnlineOpSink;
}

function openFullStep(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  record: ProgressRecord,
  transactional: boolean,
  resume: ResumePoint | undefined,
  fence: string | undefined,
): FullStep {
  const resumeFrom = resume?.statementIndex ?? 0;
  const tx = new StepTransaction({
    conn: ctx.conn,
    dialect: ctx.dialect,
    mode: stepMode(transactional, ctx.dialect, ctx.runTransaction !== undefined),
    safety,
    record,
    resumeFrom,
    resuming: resume !== undefined,
    log: ctx.log,
    fence,
    runTransaction: ctx.runTransaction,
  });
  const sink = onlineOpSink({
    conn: ctx.conn,
    dialect: ctx.dialect,
    step,
    tx,
    safety,
    record,
    resuming: resume !== undefined,
    resumeFrom,
    log: ctx.log,
  });
  return { record, tx, sink };
}

/** The full path after the revision's function returned: its pending work, bookkeeping and COMMIT. */
async function finishFullStep(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  full: FullStep,
  t0: number,
): Promise<StepResult> {
  const oneTrip = await queueFullStepEnd(ctx, step, safety, full);
  return commitFullStep(ctx, step, safety, full, t0, oneTrip);
}

/**
 * The full path's end before its history row: pending work, the version row (and a downgrade's
 * cursor discard), queued; whether the rest goes in one round trip (else the statements are sent
 * first, so the history row's duration is real).
 */
async function queueFullStepEnd(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  { tx, sink }: FullStep,
): Promise<boolean> {
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
  // server can time it.
  const clock = ctx.dialect.bookkeepingSql.batchClock;
  const oneTrip = clock !== undefined && tx.mode !== "autocommit";
  if (oneTrip) tx.startBatchClock(clock.start);
  else await tx.flush();
  return oneTrip;
}

/** The full path's history row and COMMIT, sent with what is queued; the step's result. */
async function commitFullStep(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  { record, tx }: FullStep,
  t0: number,
  oneTrip: boolean,
): Promise<StepResult> {
  // the history row adds the server's time to the client's part; the result reports the whole step
  await tx.commitStep(record.finish(performance.now() - t0, safety.note(), oneTrip), () =>
    ctx.ahead?.afterSend(),
  );
  return {
    revision: step.revision,
    direction: step.direction,
    status: "applied",
    durationMs: performance.now() - t0,
    statements: tx.opStatementsSent,
    ...(safety.summaries.length === 0 ? {} : { backfills: [...safety.summaries] }),
  };
}

/**
 * The short path ({@link applyStepLean}) on a driver that runs a script now (SQLite's synchronous
 * handles, Connection.executeScriptNow), with no await from the step's start to its result
 * unless the revision's function returns a promise or the step fails: a run of such steps goes
 * from one revision's COMMIT to the next with no promise between them (docs/performance.md,
 * twenty-sixth session). The very batch, in the very order, of the short path — the revision's
 * statements, version row and history row in one transaction, committed before the next step
 * starts — and the short path's hand-over to the full path and its failure handling.
 * Undefined, with nothing run, where it does not apply: a step the short path would not take, a
 * dialect with lock-retry settings (a retried attempt is applyStepWithRetries'), a step prepared
 * ahead, a downgrade before the run knows whether the cursor table exists; the caller then applies
 * the step as before. A revision whose module is not imported yet is imported first (one await).
 *
 * @example
 * ```ts
 * const now = applyStepNow(ctx, step);
 * const result = now === undefined ? await applyStepWithRetries(ctx, step) : await now;
 * ```
 */
export function applyStepNow(
  ctx: OnlineContext,
  step: PlanStep,
): StepResult | Promise<StepResult> | undefined {
  const { conn, dialect } = ctx;
  const run = ctx.safety;
  if (
    !runsScriptNow(conn) ||
    run === undefined ||
    ctx.ahead !== undefined ||
    dialect.lockSafety !== undefined ||
    (step.direction === "downgrade" && run.cursorTable?.exists === undefined)
  )
    return undefined;
  const startedAt = new Date();
  const t0 = performance.now();
  const safety = new StepSafety(run, dialect, step.revision, step.direction);
  if (!leanStepFits(ctx, ctx.graph.get(step.revision)?.transactional ?? true, safety)) return undefined;
  const record = new ProgressRecord(ctx.sql, step, {
    runId: ctx.runId,
    who: ctx.who,
    checksum: ctx.revisions.checksum(step.revision),
    startedAt,
  });
  const now = new StepNow(ctx, conn, step, safety, record, t0);
  // a module not imported yet (a run whose op cache spared the placeholder check its import): one await
  const loaded = ctx.revisions.loaded?.(step.revision);
  if (loaded === undefined)
    return ctx.revisions.definition(step.revision).then(
      (definition) => now.run(definition),
      (error: unknown) => now.failed(error),
    );
  return now.run(loaded);
}

/**
 * One step of {@link applyStepNow}: its revision function, then its batch, or the full path's
 * handling of what failed. An object, not closures made for every step.
 */
class StepNow {
  readonly sink: LeanStepSink;
  /** The full path's parts, once the step was handed over or its batch failed. */
  private full: FullStep | undefined;

  constructor(
    private readonly ctx: OnlineContext,
    private readonly conn: Connection & { executeScriptNow: ScriptNow },
    private readonly step: PlanStep,
    private readonly safety: StepSafety,
    private readonly record: ProgressRecord,
    private readonly t0: number,
  ) {
    this.sink = new LeanStepSink(ctx.dialect, safety, () => {
      this.full = this.openFull();
      return this.full.sink;
    });
  }

  /** The revision's function, then the batch; a throw or a rejection goes to {@link failed}. */
  run(definition: RevisionDefinition): StepResult | Promise<StepResult> {
    let pending: Promise<void> | undefined;
    try {
      pending = runRevisionFunctionNow(definition, this.step.direction, this.sink, this.ctx.dialect.name);
    } catch (error) {
      return this.failed(error);
    }
    return pending === undefined
      ? this.send()
      : pending.then(
          () => this.send(),
          (error: unknown) => this.failed(error),
        );
  }

  /** The batch, run now; the full path's end when the step was handed over. */
  private send(): StepResult | Promise<StepResult> {
    const { ctx, step, safety, record, sink, t0 } = this;
    if (sink.full === undefined && safety.run.signal?.aborted === true) sink.takeOver();
    const full = this.full;
    if (full !== undefined)
      return finishFullStep(ctx, step, safety, full, t0).catch((error: unknown) => this.failed(error));
    const batch = leanBatchHeadNow(ctx, step, safety, sink, safety.run.cursorTable?.exists === true);
    batch.push(record.finish(performance.now() - t0, undefined, true));
    if (ctx.runTransaction === undefined) batch.push({ sql: ctx.dialect.commitTransaction, role: "commit" });
    const failure = executeStatementsNow(this.conn, batch, ctx.log);
    if (failure !== undefined)
      return failure.catch((error: unknown) => {
        this.full = leanBatchFailed(sink, record, batch, error, () => this.openFull());
        return this.failed(error);
      });
    return leanApplied(step, t0, sink.script.statements.length);
  }

  /** As applyStepLean's catch: the full path's state for the same operations, its rollback and record. */
  failed(error: unknown): Promise<StepResult> {
    if (this.full === undefined) this.sink.takeOver();
    const { tx } = this.full as unknown as FullStep;
    const { ctx, step, safety, record, t0 } = this;
    return failedStep(ctx, step, safety, tx, record, undefined, error, performance.now() - t0);
  }

  private openFull(): FullStep {
    return openFullStep(this.ctx, this.step, this.safety, this.record, true, undefined, undefined);
  }
}

/** The connection runs a script now, and no wrapper replaced its `executeScript` (ScriptNow). */
function runsScriptNow(conn: Connection): conn is Connection & { executeScriptNow: ScriptNow } {
  return conn.executeScriptNow !== undefined && conn.executeScriptNow.executeScript === conn.executeScript;
}

/**
 * The short path's batch failed: the record of what was rendered (a digest a statement), which
 * only a failure reads — a success commits no partial row to fingerprint — and the full path's
 * transaction told what was sent, so its rollback and reading of what was left are its own.
 */
function leanBatchFailed(
  sink: LeanStepSink,
  record: ProgressRecord,
  batch: ScriptStatement[],
  error: unknown,
  openFull: () => FullStep,
): FullStep {
  for (const statement of sink.script.statements)
    record.print(statement.opStatementIndex ?? 0, statement.sql);
  const full = openFull();
  full.tx.adoptFailedBatch(batch, error);
  return full;
}

/** The result of a step the short path committed. */
function leanApplied(step: PlanStep, t0: number, statements: number): StepResult {
  return {
    revision: step.revision,
    direction: step.direction,
    status: "applied",
    durationMs: performance.now() - t0,
    statements,
  };
}

/**
 * Whether a step may take the short path: what the full path would send for it is known to be
 * one batch — `BEGIN`, the step's transaction-scoped lock timeouts, the revision's statements,
 * the version row, the history row, the COMMIT (inside the run's one transaction: the same
 * without BEGIN and COMMIT) — so the step's statements need none of the full
 * path's machinery: a transactional revision on transactional DDL, no session-scoped timeouts
 * left to reset and none to undo after the COMMIT, no lock fence, no transaction guard, the
 * history row timed in the same batch with no clock statement, and a fresh attempt (not a
 * resumed one). Any driver: a synchronous one (SQLite in this process) and a server's alike
 * (PostgreSQL, PGlite), whose failed batch the full path's transaction reads as its own flush
 * would (StepTransaction.adoptFailedBatch: a lost connection leaves the outcome unknown there too).
 * Upgrades and downgrades alike: a downgrade's batch also discards the revision's backfill
 * cursors when the cursor table exists, where the full path does.
 * `op.query`, `op.backfill`, `op.lockRetry` or an operation that waits for a reflection hand a
 * short-path step over to the full path as they come (LeanStepSink).
 */
function leanStepFits(ctx: OnlineContext, transactional: boolean, safety: StepSafety): boolean {
  const { dialect } = ctx;
  const mode = stepMode(transactional, dialect, ctx.runTransaction !== undefined);
  return (
    (mode === "atomic" || mode === "enclosed") &&
    leanDialect(dialect) &&
    safety.run.sessionTimeouts?.set !== true &&
    safety.close(true).length === 0
  );
}

/** What {@link leanStepFits} asks of the dialect alone, whatever the step. */
function leanDialect(dialect: Dialect): boolean {
  return (
    dialect.lockFence === undefined &&
    dialect.transactionGuard === undefined &&
    dialect.bookkeepingSql.batchClock?.start.length === 0
  );
}

/**
 * The short path (see {@link leanStepFits}): the revision's operations rendered as they come
 * and sent with the bookkeeping in one `executeScript` — the very statements, in the very order,
 * the full path sends for such a step (the tenth pass in docs/performance.md: the full path's
 * many small functions between two commits push SQLite's code out of the CPU's cache). Anything
 * else goes to the full path: a hand-over before anything is sent (LeanStepSink), or, when the
 * batch fails, the full path's transaction told what was sent, so its rollback, its reading of
 * what was left, its history row and its message are the full path's own. `prepared`: the
 * operations were run and rendered while the step before ran ({@link prepareLeanStep}); the
 * history row is written now, its times this step's turn (the preparing overlapped the step
 * before, whose own row counts that time).
 */
async function applyStepLean(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  record: ProgressRecord,
  t0: number,
  prepared?: PreparedLeanStep,
): Promise<StepResult> {
  const { dialect } = ctx;
  const openFull = () => openFullStep(ctx, step, safety, record, true, undefined, undefined);
  let full: FullStep | undefined;
  const handOver = () => {
    full = openFull();
    return full.sink;
  };
  const sink = prepared?.sink.adopt(handOver) ?? new LeanStepSink(dialect, safety, handOver);
  try {
    if (prepared === undefined) {
      const definition = await ctx.revisions.definition(step.revision);
      await runRevisionFunction(definition, step.direction, sink, dialect.name);
    }
    // an interrupted run stops where the full path would: before sending
    if (sink.full === undefined && safety.run.signal?.aborted === true) sink.takeOver();
    if (full !== undefined) return await finishFullStep(ctx, step, safety, full, t0);
    const { statements } = sink.script;
    const batch = [...(prepared?.head ?? (await leanBatchHead(ctx, step, safety, sink)))];
    batch.push(record.finish(performance.now() - t0, undefined, true));
    // inside the run's one transaction the step commits with the run, not here
    if (ctx.runTransaction === undefined) batch.push({ sql: dialect.commitTransaction, role: "commit" });
    const sent = executeStatements(ctx.conn, batch, ctx.log);
    ctx.ahead?.afterSend();
    try {
      await sent;
    } catch (error) {
      full = leanBatchFailed(sink, record, batch, error, openFull);
      throw error;
    }
    return leanApplied(step, t0, statements.length);
  } catch (error) {
    // the revision's function threw (or the hand-over did): the full path's state for the same
    // operations, then its rollback and recording
    if (full === undefined) sink.takeOver();
    const { tx } = full as unknown as FullStep;
    return failedStep(ctx, step, safety, tx, record, undefined, error, performance.now() - t0);
  }
}

/**
 * The short path's batch before its history row: `BEGIN`, the step's transaction-scoped lock
 * timeouts right after it (as StepTransaction.openTransaction), the revision's statements, the
 * version row, and for a downgrade the cursor discard where the full path sends it
 * (finishFullStep: the catalogue is read there at this point too, once per run).
 */
async function leanBatchHead(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  sink: LeanStepSink,
): Promise<ScriptStatement[]> {
  const discard = step.direction === "downgrade" && (await safety.cursorTableExists(ctx.conn));
  return leanBatchHeadNow(ctx, step, safety, sink, discard);
}

/** {@link leanBatchHead} once whether a downgrade discards cursors is known (`discard`). */
function leanBatchHeadNow(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
  sink: LeanStepSink,
  discard: boolean,
): ScriptStatement[] {
  const batch: ScriptStatement[] =
    ctx.runTransaction === undefined ? [{ sql: ctx.dialect.beginTransaction, role: "begin" }] : [];
  for (const sql of safety.open(true)) batch.push({ sql, role: "setting" });
  for (const statement of sink.script.statements) batch.push(statement);
  for (const sql of ctx.sql.transition(step.transition)) batch.push({ sql, role: "version" });
  if (discard) batch.push({ sql: safety.backfillState.discard(step.revision), role: "progress" });
  return batch;
}

/**
 * Runs and renders `step` while the step before it runs on the server, for {@link StepsAhead}:
 * only a step that will take the short path, whose revision function only calls `op`
 * (op-calls-only.ts) and whose batch needs nothing from the server — no reflection, no
 * `op.query`, no backfill, no `op.lockRetry`, a downgrade only once the cursor table's existence
 * is known, no run warning left to report. Anything else (the function throws, or needs the
 * full path): undefined, and the step runs in its turn as it always did, the same function
 * run again from the start. Sends nothing.
 */
export async function prepareLeanStep(
  ctx: OnlineContext,
  step: PlanStep,
): Promise<PreparedLeanStep | undefined> {
  const run = ctx.safety;
  if (run === undefined || run.signal?.aborted === true || run.warnings?.waiting === true) return undefined;
  if (step.direction === "downgrade" && run.cursorTable?.exists === undefined) return undefined;
  // a dialect whose steps never fit (MySQL's batch clock is a statement): nothing to build
  if (!leanDialect(ctx.dialect)) return undefined;
  const safety = new StepSafety(run, ctx.dialect, step.revision, step.direction);
  const fits = () => leanStepFits(ctx, ctx.graph.get(step.revision)?.transactional ?? true, safety);
  if (!fits()) return undefined;
  const definition = await ctx.revisions.definition(step.revision);
  if (!callsOpOnly(step.direction === "upgrade" ? definition.upgrade : definition.downgrade))
    return undefined;
  const sink = new LeanStepSink(ctx.dialect, safety, undefined);
  try {
    await runRevisionFunction(definition, step.direction, sink, ctx.dialect.name);
  } catch {
    return undefined;
  }
  const head = await leanBatchHead(ctx, step, safety, sink);
  return { kind: "lean", step, safety, sink, head, fits };
}

/**
 * Prepares `step` ahead of its turn (StepsAhead): on the short path where it takes it
 * ({@link prepareLeanStep}), else on the full path where its statements commit by themselves
 * ({@link prepareFullStep}); undefined when neither may be prepared. Sends nothing.
 */
export async function prepareStep(ctx: OnlineContext, step: PlanStep): Promise<PreparedStep | undefined> {
  return (await prepareLeanStep(ctx, step)) ?? prepareFullStep(ctx, step);
}

/**
 * The full path of a step whose DDL commits by itself (MySQL, MariaDB: `implicit-commits`),
 * queued ahead of its turn: the revision's op-calls-only function run into the full path's own
 * sink and transaction, its statements rendered and wrapped in their progress records, the
 * version row and the batch clock queued — all of it the queue the full path builds at the turn,
 * so a failure is read, rolled back and recorded as the full path's own. Only what the server
 * does not answer is done: `op.query`, `op.backfill`, `op.lockRetry` or an operation waiting for a
 * reflection give up (nothing kept; the step runs in its turn as before). Not prepared: a
 * non-transactional revision, a dialect without a batch clock, a lock fence (Galera's lease),
 * a downgrade before the cursor table's existence is known, a run warning not yet reported.
 * The session's lock timeouts are tracked on a copy of the run's state, valid only while the
 * run's own is unchanged at the turn ({@link PreparedFullStep.fits}); the progress records' times
 * wait for the turn (ProgressRecord.settle).
 */
async function prepareFullStep(ctx: OnlineContext, step: PlanStep): Promise<PreparedFullStep | undefined> {
  const run = ctx.safety;
  if (run === undefined || run.signal?.aborted === true || run.warnings?.waiting === true) return undefined;
  if (step.direction === "downgrade" && run.cursorTable?.exists === undefined) return undefined;
  const { dialect } = ctx;
  const transactional = ctx.graph.get(step.revision)?.transactional ?? true;
  if (
    stepMode(transactional, dialect) !== "implicit-commits" ||
    dialect.bookkeepingSql.batchClock === undefined
  )
    return undefined;
  if (dialect.lockFence !== undefined && (await dialect.lockFence(ctx.conn)) !== undefined) return undefined;
  const definition = await ctx.revisions.definition(step.revision);
  if (!callsOpOnly(step.direction === "upgrade" ? definition.upgrade : definition.downgrade))
    return undefined;
  const live = run.sessionTimeouts;
  const before = live === undefined ? undefined : { ...live };
  const detached: { -readonly [K in keyof RunSafety]: RunSafety[K] } = {
    ...run,
    sessionTimeouts: before === undefined ? undefined : { ...before },
  };
  const safety = new StepSafety(detached, dialect, step.revision, step.direction);
  const record = new ProgressRecord(
    ctx.sql,
    step,
    {
      runId: ctx.runId,
      who: ctx.who,
      checksum: ctx.revisions.checksum(step.revision),
      startedAt: new Date(),
    },
    true,
  );
  const full = openFullStep(ctx, step, safety, record, transactional, undefined, undefined);
  let refused = false;
  const refuse = (): never => {
    refused = true;
    throw new NotPreparedAhead();
  };
  const sink = { ...full.sink, query: refuse, backfill: refuse, lockRetry: refuse };
  try {
    await runRevisionFunction(definition, step.direction, sink, dialect.name);
  } catch {
    return undefined;
  }
  if (refused || full.sink.hasUnfinishedWork() || !(await queueFullStepEnd(ctx, step, safety, full)))
    return undefined;
  return {
    kind: "full",
    step,
    safety,
    full,
    fits: () => run.signal?.aborted !== true && live?.set === before?.set && live?.sent === before?.sent,
    adopt: (startedAt) => {
      record.settle(startedAt);
      if (live === undefined || detached.sessionTimeouts === undefined) return;
      live.set = detached.sessionTimeouts.set;
      live.sent = detached.sessionTimeouts.sent;
      detached.sessionTimeouts = live;
    },
  };
}

/**
 * A step whose full path was queued ahead of its turn ({@link prepareFullStep}): its progress
 * records get the turn's times, the run's session state takes what its queue assumed, and the
 * queue goes out with the history row and COMMIT — from here on it is the full path's own step.
 */
async function applyPreparedFullStep(
  ctx: OnlineContext,
  step: PlanStep,
  prepared: PreparedFullStep,
  startedAt: Date,
  t0: number,
): Promise<StepResult> {
  const { safety, full } = prepared;
  prepared.adopt(startedAt);
  try {
    return await commitFullStep(ctx, step, safety, full, t0, true);
  } catch (error) {
    return failedStep(ctx, step, safety, full.tx, full.record, undefined, error, performance.now() - t0);
  }
}

/** After a failure: rolls back, records what the attempt left, and describes it. */
async function failedStep(
  ctx: OnlineContext,
  step: PlanStep,
  safety: StepSafety,
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
      : aftermathOf(ctx, step, recorded, resume, tx, safety.underWay, refusedFirstStatement(error)),
  );
  const located =
    error instanceof ScriptFailure &&
    (error.statement === undefined || error.unsure) &&
    tx.mode === "atomic" &&
    aftermath.kind !== "unknown"
      ? await locateFailure(ctx.conn, ctx.dialect, tx.sentInTransaction, error)
      : error;
  const failure = describeFailure(step, located, aftermath);
  // A recorded version row is not a resumable part-way run: the history says failed.
  const partial = aftermath.kind === "partial" || aftermath.kind === "unknown";
  // inside the run's one transaction, now rolled back: the database keeps no trace of the run
  if (ctx.runTransaction === undefined)
    await record.fail(
      ctx.conn,
      {
        status: partial ? "partial" : "failed",
        statementIndex: aftermath.kind === "partial" ? aftermath.statementsDone : failure.statementIndex,
      },
      typeof recorded === "number",
      durationMs,
      // the record of what the attempt left leads the note, so status reads it back, never the error
      (partial ? partialFailureNote(backfillAt(safety, aftermath), failure.message) : failure.message).slice(
        0,
        4000,
      ),
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
 * The server refused the attempt's statement #0 itself (not a lost session, whose batch may have
 * run further than the driver saw): what was queued after it never ran.
 */
function refusedFirstStatement(error: unknown): boolean {
  return (
    error instanceof ScriptFailure &&
    !error.unsure &&
    error.statement?.role === "op" &&
    error.statement.opStatementIndex === 0
  );
}

/** The backfill a partial attempt stopped inside: the one running at the statement it resumes from. */
function backfillAt(safety: StepSafety, aftermath: Aftermath): RunningBackfill | undefined {
  const underWay = safety.underWay;
  return aftermath.kind === "partial" && underWay?.statementIndex === aftermath.statementsDone
    ? underWay
    : undefined;
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
 * is rolled back by the server). A lost connection after a COMMIT leaves it unknown. A record
 * that failed right after a statement that committed by itself (`doneUnrecorded`: MySQL DDL, a
 * non-transactional statement, then KILL QUERY of its record) counts that statement as done.
 */
function aftermathOf(
  ctx: OnlineContext,
  step: PlanStep,
  recorded: number | undefined | "unknown",
  resume: ResumePoint | undefined,
  tx: StepTransaction,
  underWay: RunningBackfill | undefined,
  firstRefused: boolean,
): Aftermath {
  if (recorded === "unknown" && tx.commitSent) return { kind: "unknown" };
  const saved = typeof recorded === "number" ? recorded : resume?.statementIndex;
  // a statement that committed by itself ran, though its record failed: it is done, not "nothing"
  const unrecorded = tx.doneUnrecorded;
  const done = unrecorded === undefined ? saved : Math.max(saved ?? 0, unrecorded);
  // the record said "started" before statement #0, which commits by itself, and the server
  // refused that very statement: it applies whole or not at all, so nothing was applied
  const startedOnly =
    done === 0 && resume === undefined && unrecorded === undefined && firstRefused && tx.onlyStartRecorded;
  if (done === undefined || startedOnly) return { kind: "nothing" };
  const story = partialStory(
    {
      revision: step.revision,
      direction: step.direction === "downgrade" ? "downgrade" : "upgrade",
      statementsDone: done,
      note: null,
      checksum: null,
      // the fact the record's note keeps: the story told now is the one status tells later
      backfill: underWay?.statementIndex === done ? underWay : undefined,
    },
    ctx.graph,
    { downgradeTarget: step.direction === "downgrade" ? ctx.downgradeTargetOf?.(step.revision) : undefined },
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
