import {
  checkChecksums,
  current,
  findInvalidIndexes,
  readClusterStatus,
  readMigrationLock,
} from "@athanor/core";
import type { Context } from "../context.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { describeDevDatabase } from "../dev-database/dev-database.js";
import { lintPending } from "../lint/lint-pending.js";
import { lintReportJson } from "../lint/print-lint-report.js";
import { pendingWork, uniquePending } from "./pending-work.js";
import { buildStatusReport, type StatusReport } from "./status-report.js";

/**
 * Reads what `athanor status` shows: the version table, checksums of applied revisions, the
 * migration lock's holder, the cluster (Galera, streaming replicas; all without taking the lock or creating anything), and the lint
 * findings of the pending revisions (their files are imported and recorded, not run).
 *
 * @example
 * ```ts
 * const report = await withDatabaseRun(ctx, configPath, {}, (run) => readStatus(ctx, run));
 * ```
 */
export async function readStatus(ctx: Context, run: DatabaseRun): Promise<StatusReport> {
  // the advised resume must be one the config's next run takes (a single transaction refuses it)
  const state = await current(run.migration, { singleTransaction: run.config.singleTransaction });
  // Unknown rows make the applied set unknowable, so there is nothing sound to compare.
  const checksums = state.unknownHeads.length > 0 ? null : await checkChecksums(run.migration);
  const pending = uniquePending(pendingWork(run.graph, state.heads)).map((p) => p.revision);
  // File paths as the user sees them (relative to the working directory), as `athanor lint` shows.
  const lint = lintReportJson(ctx, await lintPending(run.config, run.graph, pending, state.heads));
  const lock = await readMigrationLock(run.migration);
  const cluster = await readClusterStatus(run.migration);
  const invalidIndexes = await findInvalidIndexes(run.migration);
  return buildStatusReport({
    graph: run.graph,
    database: run.description,
    devDatabase: describeDevDatabase(run),
    state,
    checksums,
    lint,
    lock,
    cluster,
    invalidIndexes,
  });
}
