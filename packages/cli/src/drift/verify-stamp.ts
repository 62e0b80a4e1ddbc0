import { stampedHeads } from "@athanor/core";
import type { Context } from "../context.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { printLines } from "../output.js";
import { compareWithMigrations, recordedHeads } from "./compare-with-migrations.js";
import { driftLines, stampMismatch } from "./drift-report.js";

/**
 * `stamp --verify`: works out the heads the version table would hold after stamping
 * `requested` (as `stamp` itself does), replays the revisions up to them into a scratch
 * database and throws ATHANOR_STAMP_MISMATCH — before anything is written — when the live
 * schema differs. Alembic's stamp is "dangerous if wrong"; this one checks first.
 *
 * @example
 * ```ts
 * await verifyStamp(ctx, run, ["ae10"], { purge: false }); // returns when the schema matches
 * await stamp(run.migration, ["ae10"]);
 * ```
 */
export async function verifyStamp(
  ctx: Context,
  run: DatabaseRun,
  requested: readonly string[],
  options: { readonly purge: boolean },
): Promise<void> {
  const start = options.purge ? [] : await recordedHeads(run);
  const heads = stampedHeads(run.graph, start, requested);
  const comparison = await compareWithMigrations(run, heads);
  if (comparison.differences.length > 0) {
    if (!ctx.json) printLines(ctx, driftLines(comparison, run.description));
    throw stampMismatch(comparison, requested);
  }
  if (!ctx.json) printLines(ctx, driftLines(comparison, run.description));
}
