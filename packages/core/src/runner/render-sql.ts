import { renderBackfillOffline } from "../backfill/render-backfill-offline.js";
import { AthanorError, isAthanorError } from "../errors.js";
import { parseRange, resolveTarget } from "../graph/target.js";
import { type Direction, plan } from "../plan/plan.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import { currentIdentity, newRunId } from "./run-identity.js";
import type { RunnerOptions } from "./runner-options.js";
import { StepSafety } from "./step-safety.js";
import { OperationRenderError, runRevisionFunction, StepScript } from "./step-script.js";

/** What to render: a `start:end` range, or a target reached from `base` (upgrade only). */
export interface RenderSqlRequest {
  readonly direction: Direction;
  /** `start:end` (Alembic's offline range). For a downgrade the start is required. */
  readonly range?: string | undefined;
  /** Shorthand for `base:<target>` (upgrade) when no range is given. */
  readonly target?: string | undefined;
}

/** One revision's part of an offline script. */
export interface RenderedRevision {
  readonly revision: string;
  readonly direction: Direction;
  readonly statements: readonly string[];
}

/** Offline SQL: `statements` in execution order, and `text` ready for review or psql. */
export interface RenderedSql {
  readonly statements: readonly string[];
  readonly revisions: readonly RenderedRevision[];
  readonly text: string;
}

/**
 * Renders a plan as SQL without a database (`upgrade --sql`): the version and history tables'
 * DDL when starting from base, then per revision `BEGIN; <ops>; <version-table update>;
 * <history row>; COMMIT;` — exactly the statements and order an online run sends (history rows
 * take CURRENT_TIMESTAMP instead of measured times). `op.query` cannot work offline and fails
 * with ATHANOR_UNSUPPORTED naming the revision.
 *
 * @example
 * ```ts
 * const { text } = await renderSql(options, { direction: "upgrade", range: "base:heads" });
 * process.stdout.write(text);
 * ```
 */
export async function renderSql(
  options: RunnerOptions | PreparedRun,
  request: RenderSqlRequest,
): Promise<RenderedSql> {
  const run = await prepareRun(options);
  const { dialect } = run.options;
  const range =
    request.range !== undefined ? parseRange(request.range) : { start: undefined, end: request.target };
  if (request.direction === "downgrade" && range.start === undefined) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "An offline downgrade needs to know where the database is: give a range such as `heads:base` or `ae10:27c6`.",
      { direction: request.direction },
    );
  }
  if (request.direction === "downgrade" && range.end === undefined) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      "An offline downgrade range needs an end, e.g. `heads:base`.",
      {},
    );
  }
  const current =
    range.start === undefined ? [] : resolveTarget(run.graph, range.start, { direction: request.direction });
  const target = range.end ?? "heads";
  const migrationPlan = plan(run.graph, { current, target, direction: request.direction });

  const runId = newRunId();
  const who = currentIdentity();
  const preamble = current.length === 0 && request.direction === "upgrade" ? run.sql.createTables() : [];
  const revisions: RenderedRevision[] = [];
  for (const step of migrationPlan.steps) {
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
    const definition = await run.revisions.definition(step.revision);
    await runRevisionFunction(
      definition,
      step.direction,
      {
        emit: (op) => {
          try {
            script.add(op);
          } catch (error) {
            throw offlineRenderError(error, step.revision);
          }
        },
        query: async () => {
          throw new AthanorError(
            "ATHANOR_UNSUPPORTED",
            `Revision ${step.revision} calls op.query(), which needs a database; it cannot be rendered offline. Run it online, or render the range around it.`,
            { revision: step.revision },
          );
        },
        backfill: async (spec) => {
          for (const sql of renderBackfillOffline(dialect, spec, step.revision))
            script.add({ kind: "execute", sql });
          return undefined;
        },
        lockRetry: (options) => safety.override(options),
      },
      dialect.name,
    );
    const opening = transactional
      ? [{ sql: dialect.beginTransaction, role: "begin" as const }, ...settings(safety.open(true))]
      : settings(safety.open(false));
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
    script.push("commit", [dialect.commitTransaction, ...safety.close(transactional)]);
    revisions.push({
      revision: step.revision,
      direction: step.direction,
      statements: script.statements.map((s) => s.sql),
    });
  }

  const lines: string[] = [];
  if (preamble.length > 0)
    lines.push("-- athanor: version and history tables", ...preamble.map(terminate), "");
  for (const r of revisions) {
    const header = run.graph.get(r.revision);
    lines.push(
      `-- Running ${r.direction} ${r.revision}${header?.message ? `: ${header.message}` : ""}`,
      ...r.statements.map(terminate),
      "",
    );
  }
  return {
    statements: [...preamble, ...revisions.flatMap((r) => r.statements)],
    revisions,
    text: lines.join("\n"),
  };
}

function settings(statements: readonly string[]) {
  return statements.map((sql) => ({ sql, role: "setting" as const }));
}

function terminate(sql: string): string {
  return /;\s*$/.test(sql) ? sql : `${sql};`;
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
