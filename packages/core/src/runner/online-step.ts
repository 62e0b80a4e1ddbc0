import type { BackfillSummary } from "../backfill/backfill-progress.js";
import { tableLabel } from "../backfill/backfill-spec.js";
import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import type { Operation } from "../ops/operation.js";
import type { PlanStep } from "../plan/plan.js";
import type { BookkeepingSql, RunIdentity } from "./bookkeeping-sql.js";
import { partialStory } from "./partial-story.js";
import { ProgressRecord } from "./progress-record.js";
import type { RevisionSet } from "./revision-set.js";
import type { StepResult } from "./runner-result.js";
import {
  type Aftermath,
  describeFailure,
  executeStatements,
  locateFailure,
  ScriptFailure,
} from "./step-failure.js";
import { backfillId, type RunSafety, StepSafety } from "./step-safety.js";
import { runRevisionFunction, type ScriptStatement, StepScript } from "./step-script.js";

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
 * How a revision's statements reach the database:
 * - `atomic`: one transaction (transactional DDL); commit points only before a backfill;
 * - `implicit-commits`: a transaction that the dialect commits at each DDL statement (MySQL):
 *   progress is recorded right before and after each such statement;
 * - `autocommit`: a `transactional: false` revision; progress recorded after each statement.
 */
type Mode = "atomic" | "implicit-commits" | "autocommit";

/**
 * Applies one upgrade/downgrade step. A transactional revision runs as
 * `BEGIN; <ops>; <version-table update>` in as few round trips as `op.query` allows, then
 * `<history row>; COMMIT` — so the history row's duration is real and the revision, its version
 * row and its history row commit together. Whenever statements must commit before the end (a
 * backfill, MySQL DDL, a non-transactional revision), a {@link ProgressRecord} marker commits
 * with them, so every interruption leaves an exact record; `resume` skips the statements such a
 * record says are done. Never throws for a failing revision.
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
  const mode: Mode = !transactional
    ? "autocommit"
    : dialect.capabilities.transactionalDdl
      ? "atomic"
      : "implicit-commits";
  const resumeFrom = resume?.statementIndex ?? 0;
  const script = new StepScript(dialect);
  const record = new ProgressRecord(ctx.sql, step, {
    runId: ctx.runId,
    who: ctx.who,
    checksum: ctx.revisions.checksum(step.revision),
    startedAt,
  });
  const queue: ScriptStatement[] = [];
  let inTransaction = false;
  // implicit-commits: statements sent since the last progress marker of the open transaction
  let dirty = false;
  let opStatementsSent = 0;
  // the open transaction's statements, replayed to locate a failure the driver did not place
  let transactionSent: ScriptStatement[] = [];
  // a COMMIT (or, outside one transaction, any statement) has been sent: something may be durable
  let commitSent = false;
  let pendingBackfills = 0;
  let lastBackfill: Promise<unknown> = Promise.resolve();
  let sessionOpened = transactional;
  const begin = (): ScriptStatement => ({ sql: dialect.beginTransaction, role: "begin" });
  const commit = (): ScriptStatement => ({ sql: dialect.commitTransaction, role: "commit" });

  // a non-transactional revision bounds lock waits for the session, from its first statement on
  const openSession = () => {
    if (sessionOpened) return;
    sessionOpened = true;
    queue.push(...safety.open(false).map((sql) => ({ sql, role: "setting" as const })));
  };
  const openTransaction = () => {
    if (inTransaction) return;
    queue.push(begin(), ...safety.open(true).map((sql) => ({ sql, role: "setting" as const })));
    inTransaction = true;
  };
  /** Commits what is queued together with the record that `done` statements are complete. */
  const commitPoint = (done: number, note: string, extra: readonly ScriptStatement[] = []) => {
    if (mode === "autocommit" && extra.length === 0) {
      queue.push(record.marker(done, note));
      return;
    }
    if (mode === "autocommit") {
      queue.push(begin());
      inTransaction = true;
    } else openTransaction();
    queue.push(...extra, record.marker(done, note), commit());
    inTransaction = false;
    dirty = false;
  };
  const commitsImplicitly = (sql: string) => dialect.commitsImplicitly?.(sql) ?? true;
  const enqueue = (statement: ScriptStatement) => {
    const index = statement.opStatementIndex ?? 0;
    if (index < resumeFrom) return; // done by the attempt this one resumes
    if (mode === "atomic") {
      openTransaction();
      queue.push(statement);
    } else if (mode === "autocommit") {
      queue.push(statement, record.marker(index + 1, `committed through statement #${index}`));
    } else if (commitsImplicitly(statement.sql)) {
      // The statement commits by itself: what ran before it commits first, with its record, and
      // its own record follows at once (autocommit). Between the two lies the one window in
      // which a kill leaves it done but unrecorded; the statement is DDL, so a resumed run that
      // repeats it fails on it ("already exists") instead of applying it twice. The transaction
      // is opened first all the same: its settings (lock timeouts) must precede the statement.
      openTransaction();
      if (dirty) commitPoint(index, `committed through statement #${index - 1}`);
      else {
        queue.push(commit());
        inTransaction = false;
      }
      queue.push(statement, record.marker(index + 1, `committed through statement #${index}`));
    } else {
      openTransaction();
      queue.push(statement);
      dirty = true;
    }
  };
  const flush = async () => {
    if (queue.length === 0) return;
    throwIfInterrupted(safety.run.signal);
    const batch = queue.splice(0);
    const opened = batch.findLastIndex((s) => s.role === "begin");
    transactionSent = opened < 0 ? [...transactionSent, ...batch] : batch.slice(opened);
    commitSent ||= mode !== "atomic" || batch.some((s) => s.role === "commit");
    if (mode === "autocommit") {
      for (const statement of batch) {
        await executeStatements(ctx.conn, [statement], ctx.log);
        if (statement.role === "op") opStatementsSent++;
      }
      return;
    }
    try {
      await executeStatements(ctx.conn, batch, ctx.log);
    } catch (error) {
      if (error instanceof ScriptFailure && error.index !== undefined)
        opStatementsSent += batch.slice(0, error.index).filter((s) => s.role === "op").length;
      throw error;
    }
    opStatementsSent += batch.filter((s) => s.role === "op").length;
  };

  const runBackfill = async (
    spec: Parameters<StepSafety["backfill"]>[1],
  ): Promise<BackfillSummary | undefined> => {
    const index = script.reserve();
    if (index < resumeFrom) return undefined; // finished by the attempt this one resumes
    openSession();
    safety.markStarted();
    const resumedHere = resume !== undefined && index === resumeFrom;
    const state = safety.backfillState;
    const id = backfillId(index, spec);
    if (resumedHere) {
      // only settings can be queued: close the transaction they opened
      if (inTransaction) {
        queue.push(commit());
        inTransaction = false;
      }
    } else {
      // A backfill must not run inside one long revision transaction: what came before commits
      // here, with the record of it and without any cursor an earlier attempt left behind.
      const exists = (await ctx.conn.query(state.exists())).rows.length > 0;
      const stale = exists
        ? [{ sql: state.discard(step.revision, step.direction), role: "progress" as const }]
        : [];
      commitPoint(
        index,
        `at statement #${index}: backfill of ${tableLabel(spec.table)} (cursor ${id})`,
        stale,
      );
    }
    await flush();
    return safety.backfill(ctx.conn, spec, {
      statementIndex: index,
      resumed: resumedHere,
      complete: () => [record.marker(index + 1, `committed through statement #${index} (backfill)`).sql],
    });
  };

  try {
    const definition = await ctx.revisions.definition(step.revision);
    await runRevisionFunction(
      definition,
      step.direction,
      {
        emit: (op: Operation) => {
          openSession();
          safety.checkOperation(op);
          const from = script.statements.length;
          script.add(op);
          for (const statement of script.statements.slice(from)) enqueue(statement);
        },
        query: async (sql, params) => {
          openSession();
          safety.markStarted();
          const index = script.reserve();
          if (index < resumeFrom) throw queryBeforeResumePoint(step, index, resumeFrom);
          const implicit = mode === "implicit-commits" && commitsImplicitly(sql);
          if (mode !== "autocommit") openTransaction();
          if (implicit) {
            if (dirty) commitPoint(index, `committed through statement #${index - 1}`);
            else {
              queue.push(commit());
              inTransaction = false;
            }
          }
          await flush();
          ctx.log?.(sql);
          const rows = (await ctx.conn.query(sql, params)).rows;
          if (mode === "autocommit" || implicit)
            queue.push(record.marker(index + 1, `committed through statement #${index} (op.query)`));
          else dirty = mode === "implicit-commits";
          return rows as never;
        },
        backfill: (spec) => {
          const run = (async () => {
            pendingBackfills++;
            try {
              return await runBackfill(spec);
            } finally {
              pendingBackfills--;
            }
          })();
          lastBackfill = run.catch(() => undefined);
          return run;
        },
        lockRetry: (options) => safety.override(options),
      },
      dialect.name,
    );
    if (pendingBackfills > 0) {
      await lastBackfill;
      throw new AthanorError(
        "ATHANOR_MIGRATION_FAILED",
        `Revision ${step.revision} did not await op.backfill(); write \`await op.backfill(...)\` so the revision ends after the backfill.`,
        { revision: step.revision },
      );
    }
    if (mode === "autocommit") {
      queue.push(begin());
      inTransaction = true;
    } else openTransaction();
    queue.push(...ctx.sql.transition(step.transition).map((sql) => ({ sql, role: "version" as const })));
    if (step.direction === "downgrade") {
      // a downgraded revision keeps no cursor: its next upgrade starts every backfill afresh
      const state = safety.backfillState;
      if ((await ctx.conn.query(state.exists())).rows.length > 0)
        queue.push({ sql: state.discard(step.revision), role: "progress" });
    }
    await flush();
    const durationMs = performance.now() - t0;
    queue.push(
      record.finish(durationMs, safety.note()),
      commit(),
      ...safety.close(transactional).map((sql) => ({ sql, role: "setting" as const })),
    );
    await flush();
    inTransaction = false;
    return {
      revision: step.revision,
      direction: step.direction,
      status: "applied",
      durationMs,
      statements: opStatementsSent,
    };
  } catch (error) {
    const durationMs = performance.now() - t0;
    if (inTransaction) await ctx.conn.executeScript(["ROLLBACK"]).catch(() => undefined);
    const reset = safety.close(transactional);
    if (reset.length > 0) await ctx.conn.executeScript(reset).catch(() => undefined);
    const recorded = await record.read(ctx.conn);
    const aftermath = aftermathOf(ctx, step, recorded, resume, commitSent);
    const located =
      error instanceof ScriptFailure &&
      error.statement === undefined &&
      mode === "atomic" &&
      aftermath.kind !== "unknown"
        ? await locateFailure(ctx.conn, dialect, transactionSent, error)
        : error;
    const failure = describeFailure(step, located, aftermath);
    const partial = aftermath.kind !== "nothing";
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
      statements: opStatementsSent,
      error: failure,
    };
  }
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

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  throw new AthanorError(
    "ATHANOR_INTERRUPTED",
    `stopped by ${String(signal.reason ?? "a signal")} before its next statement`,
    { signal: String(signal.reason ?? "") },
  );
}

function queryBeforeResumePoint(step: PlanStep, index: number, resumeFrom: number): AthanorError {
  return new AthanorError(
    "ATHANOR_RESUME_REFUSED",
    `Revision ${step.revision} calls op.query() as statement #${index}, before statement #${resumeFrom} where the earlier run stopped: ` +
      "a resumed run cannot skip it (its result steers the revision) and must not repeat it. Nothing was run by this attempt.",
    { revision: step.revision, statementIndex: index, resumeFrom },
  );
}

function defaultSafety(ctx: OnlineContext, step: PlanStep): StepSafety {
  const run = ctx.safety ?? { lockRetry: undefined, invalidIndexes: [], versionTable: ctx.sql.location };
  return new StepSafety(run, ctx.dialect, step.revision, step.direction);
}
