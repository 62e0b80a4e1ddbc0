import {
  checkChecksums,
  current,
  type LintReport,
  lintRevisions,
  loadRevisionModule,
  type RevisionGraph,
  readMigrationLock,
  recordLintRevisions,
} from "@athanor/core";
import type { ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { cliRevisionImporter } from "../database/revision-importer.js";
import { lintRulesFor, lintTarget } from "../lint/lint-project.js";
import { lintReportJson } from "../lint/print-lint-report.js";
import { pendingWork, uniquePending } from "./pending-work.js";
import { buildStatusReport, type StatusReport } from "./status-report.js";

/**
 * Reads what `athanor status` shows: the version table, checksums of applied revisions, the
 * migration lock's holder (all without taking the lock or creating anything), and the lint
 * findings of the pending revisions (their files are imported and recorded, not run).
 *
 * @example
 * ```ts
 * const report = await withDatabaseRun(ctx, configPath, {}, (run) => readStatus(ctx, run));
 * ```
 */
export async function readStatus(ctx: Context, run: DatabaseRun): Promise<StatusReport> {
  const state = await current(run.migration);
  // Unknown rows make the applied set unknowable, so there is nothing sound to compare.
  const checksums = state.unknownHeads.length > 0 ? null : await checkChecksums(run.migration);
  const pending = uniquePending(pendingWork(run.graph, state.heads)).map((p) => p.revision);
  // File paths as the user sees them (relative to the working directory), as `athanor lint` shows.
  const lint = lintReportJson(ctx, await lintPending(run.config, run.graph, pending));
  const lock = await readMigrationLock(run.migration);
  return buildStatusReport({ graph: run.graph, database: run.description, state, checksums, lint, lock });
}

/**
 * Lints the given revisions, oldest first, with the configured dialect's rules.
 *
 * @example
 * ```ts
 * const report = await lintPending(config, graph, ["exp002", "con001"]);
 * ```
 */
export async function lintPending(
  config: ResolvedConfig,
  graph: RevisionGraph,
  ids: readonly string[],
): Promise<LintReport> {
  const dialect = lintTarget(config, undefined);
  const wanted = new Set(ids);
  const ordered = graph
    .revisions()
    .map((r) => r.id)
    .filter((id) => wanted.has(id));
  const revisions = await recordLintRevisions(
    graph,
    ordered,
    async (source) => (await loadRevisionModule(source, cliRevisionImporter)).definition,
    dialect.name,
  );
  return lintRevisions(revisions, { rules: await lintRulesFor(dialect.name), dialect });
}
