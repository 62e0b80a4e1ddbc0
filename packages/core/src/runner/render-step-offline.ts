import { renderBackfillOffline } from "../backfill/render-backfill-offline.js";
import { AthanorError, isAthanorError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { Direction, PlanStep } from "../plan/plan.js";
import type { RunIdentity } from "./bookkeeping-sql.js";
import { type OfflineReplayer, renderOperations } from "./offline-replay.js";
import { runOfflineRevision } from "./offline-revision.js";
import type { PreparedRun } from "./prepare-run.js";
import { StepSafety } from "./step-safety.js";
import { OperationRenderError, StepScript } from "./step-script.js";

/** One revision's part of an offline script. */
export interface RenderedRevision {
  readonly revision: string;
  readonly direction: Direction;
  readonly statements: readonly string[];
}

/**
 * Renders one plan step for {@link renderSql}: the revision's operations between the same
 * settings, version-table update and history row an online run sends. Kept apart from
 * render-sql.ts so the runner's entry point does not load the op builder and backfill code.
 *
 * @example
 * ```ts
 * const rendered = await renderStepOffline(run, migrationPlan.steps[0], newRunId(), currentIdentity());
 * rendered.statements; // ["BEGIN", "SET LOCAL lock_timeout = ...", "CREATE TABLE ...", ...]
 * ```
 */
export async function renderStepOffline(
  run: PreparedRun,
  step: PlanStep,
  runId: string,
  who: RunIdentity,
  replayer?: OfflineReplayer | undefined,
  /** Inside the script's one transaction (RenderSqlRequest.singleTransaction): no BEGIN or COMMIT of its own. */
  enclosed = false,
): Promise<RenderedRevision> {
  const { dialect } = run.options;
  const transactional = run.graph.get(step.revision)?.transactional ?? true;
  const script = new StepScript(dialect);
  // The same lock-timeout settings an online run sends, so reviewed SQL is the SQL that runs
  // (retries cannot be expressed in a script; the timeout still bounds every lock wait).
  const safety = new StepSafety(
    { lockRetry: run.options.lockRetry, invalidIndexes: [], versionTable: run.options.versionTable },
    dialect,
    step.revision,
    step.direction,
  );
  // Rendered once the revision's code has run: an operation needing a prior definition may wait
  // for the replay (offline-replay.ts), and runs sharing a batch key render as one, as online.
  const ops: Operation[] = [];
  try {
    await runOfflineRevision(run, step.revision, step.direction, {
      emit: (op) => ops.push(op),
      query: async () => {
        throw new AthanorError(
          "ATHANOR_UNSUPPORTED",
          `Revision ${step.revision} calls op.query(), which needs a database; it cannot be rendered offline. Run it online, or render the range around it.`,
          { revision: step.revision },
        );
      },
      backfill: async (spec) => {
        for (const sql of renderBackfillOffline(dialect, spec, step.revision))
          ops.push({ kind: "execute", sql });
        return undefined;
      },
      lockRetry: (options) => safety.override(options),
    });
  } catch (error) {
    throw offlineRevisionError(error, step.revision, step.direction);
  }
  try {
    await renderOperations(script, ops, replayer?.source(step.revision));
  } catch (error) {
    throw offlineRenderError(error, step.revision);
  }
  const begin = enclosed ? [] : [{ sql: dialect.beginTransaction, role: "begin" as const }];
  const opening = transactional ? [...begin, ...settings(safety.open(true))] : settings(safety.open(false));
  script.statements.splice(0, 0, ...opening);
  if (!transactional) script.push("begin", [dialect.beginTransaction]);
  script.push("version", run.sql.transition(step.transition));
  script.push("history", [
    run.sql.historyRow({
      runId,
      revision: step.revision,
      direction: step.direction,
      status: "ok",
      checksum: run.revisions.checksum(step.revision),
      who,
      note: "offline",
    }),
  ]);
  script.push("commit", [...(enclosed ? [] : [dialect.commitTransaction]), ...safety.close(transactional)]);
  return {
    revision: step.revision,
    direction: step.direction,
    statements: script.statements.map((s) => s.sql),
  };
}

function settings(statements: readonly string[]) {
  return statements.map((sql) => ({ sql, role: "setting" as const }));
}

// Offline, no step result carries the failure: keep the dialect's code (an unquotable name is
// ATHANOR_INVALID_IDENTIFIER) and say which revision and operation it was.
function offlineRenderError(error: unknown, revision: string): unknown {
  if (!(error instanceof OperationRenderError)) return error;
  const cause = error.cause;
  return new AthanorError(
    isAthanorError(cause) ? cause.code : "ATHANOR_INVALID_OPERATION",
    `Revision ${revision}: ${error.message}`,
    {
      ...(isAthanorError(cause) ? cause.meta : {}),
      revision,
      operationIndex: error.operationIndex,
      operationKind: error.operationKind,
    },
    { cause },
  );
}

// The revision's own code threw while being rendered: the same code an online run reports for
// it, naming the revision; nothing was rendered for it.
function offlineRevisionError(error: unknown, revision: string, direction: string): unknown {
  if (isAthanorError(error) || error instanceof OperationRenderError) return error;
  return new AthanorError(
    "ATHANOR_MIGRATION_FAILED",
    `Revision ${revision}'s ${direction}() threw while being rendered as SQL: ${error instanceof Error ? error.message : String(error)}. Fix the revision; no script was written.`,
    { revision, direction, offline: true },
    { cause: error },
  );
}
