import type { RunResult } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import type { Context } from "../context.js";
import { EXIT, printJson, printLines, printWarnings, reportError } from "../output.js";
import { formatDuration } from "./format-duration.js";
import type { DatabaseRun } from "./open-database-run.js";

/** Which command produced a run, and what the user asked for. */
export interface RunRequest {
  readonly command: "upgrade" | "downgrade" | "stamp";
  readonly target: string;
  /** The no-op was answered by the PGlite folder's record, not by the database. */
  readonly fromRecord?: boolean | undefined;
}

/**
 * Prints a finished run — a summary line in text (revision lines were printed as they ran), or
 * one JSON document with the per-revision result set — and returns the exit code: 0 when every
 * planned revision applied, 1 when one failed (its error printed like any other: code, message
 * naming revision, operation and SQL).
 *
 * @example
 * ```ts
 * return reportRun(ctx, run, await upgrade(run.migration, "heads"), { command: "upgrade", target: "heads" });
 * ```
 */
export function reportRun(
  ctx: Context,
  run: Pick<DatabaseRun, "description">,
  result: RunResult,
  request: RunRequest,
): number {
  // on stderr in both forms: what the run could not guarantee is never only in a JSON field
  printWarnings(
    ctx,
    (result.warnings ?? []).map((w) => `${w.code}: ${w.message}`),
  );
  if (ctx.json) {
    printJson(ctx, {
      command: request.command,
      target: request.target,
      database: run.description,
      results: result.results,
      heads: result.heads,
      waitedForLockMs: Math.round(result.waitedForLockMs),
      heldBack: result.heldBack ?? [],
      error: result.error ?? null,
      warnings: result.warnings ?? [],
      ...(request.fromRecord === true ? { answeredBy: "record" } : {}),
      ...(result.singleTransaction === undefined ? {} : { singleTransaction: result.singleTransaction }),
    });
    return result.error === undefined ? EXIT.ok : EXIT.failure;
  }
  printLines(ctx, [summary(result, request), ...heldBackLines(result)]);
  if (result.error === undefined) return EXIT.ok;
  const { code, message, meta } = result.error;
  return reportError(ctx, new AthanorError(code, message, meta));
}

function summary(result: RunResult, request: RunRequest): string {
  const at = (heads: readonly string[]) => (heads.length === 0 ? "<base>" : heads.join(", "));
  const count = (status: string) => result.results.filter((r) => r.status === status).length;
  const applied = count("applied");
  if (request.command === "stamp") {
    const { before, after } = result.heads;
    const resolved = result.resolvedPartials ?? [];
    if (before.join() === after.join() && resolved.length > 0)
      return `Resolved the partial run of ${resolved.join(", ")} (its backfill cursors cleared); the version table says ${at(after)}, no revision code ran.`;
    return before.join() === after.join()
      ? `Nothing to stamp: the version table already says ${at(after)}.`
      : `Stamped: the version table now says ${at(after)} (was ${at(before)}); no revision code ran.`;
  }
  if (result.results.length === 0 && request.fromRecord === true)
    return `Nothing to ${request.command}: the database is at ${at(result.heads.after)}, per athanor's record of this PGlite folder (no file in it has changed since a run verified it; PGlite was not started; applied revisions' checksums checked against the files).`;
  if (result.results.length === 0)
    return `Nothing to ${request.command}: the database is at ${at(result.heads.after)}.`;
  const plural = (n: number) => `${n} revision${n === 1 ? "" : "s"}`;
  const took = formatDuration(result.results.reduce((sum, r) => sum + r.durationMs, 0));
  const verb = request.command === "upgrade" ? "Upgraded" : "Downgraded";
  const single = result.singleTransaction?.outcome;
  if (result.error === undefined)
    return `${verb} ${plural(applied)} in ${took}${single === "committed" ? " in one transaction" : ""}; now at ${at(result.heads.after)}.`;
  if (single === "unknown") {
    const readBack = result.error.meta?.readBack;
    const where = Array.isArray(readBack)
      ? `the version table, read back, is at ${at(result.heads.after)}`
      : "the version table could not be read back";
    return `The run's one transaction has no verified outcome: ${plural(applied)} had run in it, then ${rollbackCause(result.error)}; ${where}.`;
  }
  if (single === "rolled-back")
    return `Rolled back the run's one transaction: ${plural(count("rolled_back"))} had run in it, then ${rollbackCause(result.error)}; nothing of it stays applied, the database is at ${at(result.heads.after)} (read back).`;
  const notRun = count("not_run");
  return `${verb} ${plural(applied)} in ${took}, then one failed${notRun > 0 ? ` (${plural(notRun)} not run)` : ""}; the database is at ${at(result.heads.after)}.`;
}

/** Why a single-transaction run rolled back: every revision may have run and the COMMIT failed (a deferred key). */
function rollbackCause(error: NonNullable<RunResult["error"]>): string {
  if (error.code === "ATHANOR_INTERRUPTED") return "the run was interrupted";
  return error.meta?.statement === "COMMIT" ? "its COMMIT failed" : "one failed";
}

/** What `upgrade --phase expand` left for the contract stage, and when to run it. */
function heldBackLines(result: RunResult): string[] {
  const held = result.heldBack ?? [];
  if (held.length === 0) return [];
  return [
    `Held back for the contract stage: ${held.join(", ")}; run \`athanor upgrade\` once the old code is gone (\`athanor status\` shows why each waits).`,
  ];
}
