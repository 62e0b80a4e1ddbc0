import type { Connection } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { AthanorError, isAthanorError } from "../errors.js";
import type { RevisionGraph } from "../graph/revision-graph.js";
import type { Operation } from "../ops/operation.js";
import type { PlanStep } from "../plan/plan.js";
import type { BookkeepingSql, HistoryRowInput, RunIdentity } from "./bookkeeping-sql.js";
import type { RevisionSet } from "./revision-set.js";
import type { StepError, StepResult } from "./runner-result.js";
import { type RunSafety, StepSafety } from "./step-safety.js";
import {
  OperationRenderError,
  runRevisionFunction,
  type ScriptStatement,
  StepScript,
} from "./step-script.js";

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

/**
 * Applies one upgrade/downgrade step. A transactional revision runs as
 * `BEGIN; <ops>; <version-table update>` in as few round trips as `op.query` allows, then
 * `<history row>; COMMIT` — so the history row's duration is real and the revision, its version
 * row and its history row commit together. A non-transactional revision sends its statements
 * one by one, then the bookkeeping in a small transaction. Never throws for a failing revision.
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
): Promise<StepResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const transactional = ctx.graph.get(step.revision)?.transactional ?? true;
  const script = new StepScript(ctx.dialect);
  let sent = 0;
  let opStatementsDone = 0;
  let inTransaction = false;
  // op statements committed early because an op.backfill needed the transaction closed
  let committedOps = 0;
  let replayFrom = 0;
  let pendingBackfills = 0;
  let lastBackfill: Promise<unknown> = Promise.resolve();
  let sessionOpened = transactional;
  // a non-transactional revision bounds lock waits for the session, from its first statement on
  const openSession = () => {
    if (sessionOpened) return;
    sessionOpened = true;
    script.push("setting", safety.open(false));
  };
  const checksum = ctx.revisions.checksum(step.revision);

  const send = async (statements: readonly ScriptStatement[]) => {
    if (statements.length === 0) return;
    if (transactional) {
      try {
        await execute(ctx, statements);
      } catch (error) {
        // without transactional DDL, what ran before the failing statement has been committed
        if (error instanceof ScriptFailure && error.index !== undefined) {
          opStatementsDone += statements.slice(0, error.index).filter((s) => s.role === "op").length;
        }
        throw error;
      }
      opStatementsDone += statements.filter((s) => s.role === "op").length;
    } else {
      for (const statement of statements) {
        await execute(ctx, [statement]);
        if (statement.role === "op") opStatementsDone++;
      }
    }
  };
  const flush = async () => {
    if (transactional && !inTransaction) {
      script.statements.splice(
        sent,
        0,
        { sql: ctx.dialect.beginTransaction, role: "begin" },
        ...safety.open(true).map((sql) => ({ sql, role: "setting" as const })),
      );
      inTransaction = true;
    }
    const batch = script.statements.slice(sent);
    sent = script.statements.length;
    await send(batch);
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
          script.add(op);
        },
        query: async (sql, params) => {
          openSession();
          safety.markStarted();
          await flush();
          return (await ctx.conn.query(sql, params)).rows as never;
        },
        backfill: (spec) => {
          const run = (async () => {
            pendingBackfills++;
            try {
              openSession();
              safety.markStarted();
              if (script.statements.length > sent) await flush();
              if (inTransaction) {
                // A backfill must not run inside one long revision transaction: commit what came before.
                await execute(ctx, [{ sql: ctx.dialect.commitTransaction, role: "commit" }]);
                inTransaction = false;
                committedOps = opStatementsDone;
                replayFrom = sent;
              }
              return await safety.backfill(ctx.conn, spec);
            } finally {
              pendingBackfills--;
            }
          })();
          lastBackfill = run.catch(() => undefined);
          return run;
        },
        lockRetry: (options) => safety.override(options),
      },
      ctx.dialect.name,
    );
    if (pendingBackfills > 0) {
      await lastBackfill;
      throw new AthanorError(
        "ATHANOR_MIGRATION_FAILED",
        `Revision ${step.revision} did not await op.backfill(); write \`await op.backfill(...)\` so the revision ends after the backfill.`,
        { revision: step.revision },
      );
    }
    if (!transactional) {
      await flush();
      script.push("begin", [ctx.dialect.beginTransaction]);
      inTransaction = true;
    }
    script.push("version", ctx.sql.transition(step.transition));
    await flush();
    const durationMs = performance.now() - t0;
    const history = ctx.sql.historyRow({
      ...row(ctx, step, checksum),
      status: "ok",
      startedAt,
      finishedAt: new Date(),
      durationMs,
      note: safety.note(),
    });
    script.push("history", [history]);
    script.push("commit", [ctx.dialect.commitTransaction, ...safety.close(transactional)]);
    await flush();
    return {
      revision: step.revision,
      direction: step.direction,
      status: "applied",
      durationMs,
      statements: script.opStatements,
    };
  } catch (error) {
    const durationMs = performance.now() - t0;
    if (inTransaction) await ctx.conn.executeScript(["ROLLBACK"]).catch(() => undefined);
    const reset = safety.close(transactional);
    if (reset.length > 0) await ctx.conn.executeScript(reset).catch(() => undefined);
    const rolledBack = transactional && ctx.dialect.capabilities.transactionalDdl;
    const partial = (!rolledBack && opStatementsDone > 0) || committedOps > 0;
    const located =
      error instanceof ScriptFailure && error.statement === undefined && rolledBack
        ? await locateFailure(ctx, script.statements.slice(replayFrom, sent), error)
        : error;
    const failure = describeFailure(step, located, script.statements, partial);
    await ctx.conn
      .query(
        ctx.sql.historyRow({
          ...row(ctx, step, checksum),
          status: partial ? "partial" : "failed",
          startedAt,
          finishedAt: new Date(),
          durationMs,
          statementIndex: failure.statementIndex ?? (partial ? opStatementsDone : undefined),
          note: failure.message.slice(0, 4000),
        }),
      )
      .catch(() => undefined);
    return {
      revision: step.revision,
      direction: step.direction,
      status: partial ? "partial" : "failed",
      durationMs,
      statements: opStatementsDone,
      error: failure,
    };
  }
}

function defaultSafety(ctx: OnlineContext, step: PlanStep): StepSafety {
  const run = ctx.safety ?? { lockRetry: undefined, invalidIndexes: [], versionTable: ctx.sql.location };
  return new StepSafety(run, ctx.dialect, step.revision, step.direction);
}

async function execute(ctx: OnlineContext, statements: readonly ScriptStatement[]): Promise<void> {
  const sqls = statements.map((s) => s.sql);
  for (const sql of sqls) ctx.log?.(sql);
  try {
    await ctx.conn.executeScript(sqls);
  } catch (error) {
    const reported = (error as { statementIndex?: unknown }).statementIndex;
    const index = typeof reported === "number" ? reported : statements.length === 1 ? 0 : undefined;
    throw new ScriptFailure(index === undefined ? undefined : statements[index], index, error);
  }
}

/**
 * The driver could not say which statement of a batch failed (PostgreSQL reports a position
 * only for parse errors). Everything was rolled back, so replay the statements one by one in a
 * transaction that is rolled back too: a little extra work on the failure path only, for an
 * error that names the statement.
 */
async function locateFailure(
  ctx: OnlineContext,
  statements: readonly ScriptStatement[],
  failure: ScriptFailure,
): Promise<ScriptFailure> {
  const replay = statements.filter((s) => s.role !== "begin" && s.role !== "commit");
  try {
    await ctx.conn.executeScript([ctx.dialect.beginTransaction]);
    for (const [index, statement] of replay.entries()) {
      try {
        await ctx.conn.executeScript([statement.sql]);
      } catch (error) {
        return new ScriptFailure(statement, index, error);
      }
    }
    return failure;
  } catch {
    return failure;
  } finally {
    await ctx.conn.executeScript(["ROLLBACK"]).catch(() => undefined);
  }
}

/** A database error tied, when the driver could tell, to the statement that raised it. */
class ScriptFailure extends Error {
  constructor(
    readonly statement: ScriptStatement | undefined,
    readonly index: number | undefined,
    readonly original: unknown,
  ) {
    super((original as Error)?.message ?? String(original), { cause: original });
  }
}

function row(ctx: OnlineContext, step: PlanStep, checksum: string): Omit<HistoryRowInput, "status"> {
  return { runId: ctx.runId, revision: step.revision, direction: step.direction, checksum, who: ctx.who };
}

function describeFailure(
  step: PlanStep,
  error: unknown,
  statements: readonly ScriptStatement[],
  partial: boolean,
): StepError {
  const outcome = partial
    ? "It stopped part-way: the statements before the failing one stay applied (no transactional DDL here). Fix the cause, undo or finish them by hand, then `athanor stamp` the revision you end up at."
    : "Nothing of it was applied: the schema and the version table are as before it.";
  if (error instanceof ScriptFailure) {
    const s = error.statement;
    const where =
      s === undefined
        ? "in one of its statements (the driver did not say which)"
        : s.role === "op"
          ? `in statement #${s.opStatementIndex} (operation #${s.operationIndex}, ${s.operationKind})`
          : `while updating its ${s.role === "version" ? "version-table row" : s.role === "history" ? "history row" : "transaction"}`;
    return {
      code: s?.role === "version" ? "ATHANOR_VERSION_TABLE_CONFLICT" : "ATHANOR_MIGRATION_FAILED",
      message: `${step.direction} of revision ${step.revision} failed ${where}: ${error.message}${s ? `\n  SQL: ${s.sql}` : ""}\n${outcome}`,
      operationIndex: s?.operationIndex,
      operationKind: s?.operationKind,
      sql: s?.sql,
      statementIndex: s?.opStatementIndex,
      meta: {
        revision: step.revision,
        direction: step.direction,
        role: s?.role ?? null,
        databaseError: databaseErrorOf(error.original),
        candidates: s ? undefined : statements.filter((x) => x.role === "op").length,
      },
    };
  }
  if (error instanceof OperationRenderError) {
    return {
      code: "ATHANOR_MIGRATION_FAILED",
      message: `${step.direction} of revision ${step.revision} failed: ${error.message}\n${outcome}`,
      operationIndex: error.operationIndex,
      operationKind: error.operationKind,
      meta: { revision: step.revision, direction: step.direction, cause: databaseErrorOf(error.cause) },
    };
  }
  const code = isAthanorError(error) ? error.code : "ATHANOR_MIGRATION_FAILED";
  return {
    code,
    message: `${step.direction} of revision ${step.revision} failed: its ${step.direction}() threw ${(error as Error)?.message ?? String(error)}\n${outcome}`,
    meta: { revision: step.revision, direction: step.direction, cause: databaseErrorOf(error) },
  };
}

/** The JSON-safe essentials of a driver error (PostgreSQL's code, detail, hint). */
function databaseErrorOf(error: unknown): Record<string, unknown> {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  const out: Record<string, unknown> = { message: String(e.message ?? error) };
  for (const key of ["code", "errno", "detail", "hint", "severity", "position"]) {
    if (typeof e[key] === "string" || typeof e[key] === "number") out[key] = e[key];
  }
  return out;
}
