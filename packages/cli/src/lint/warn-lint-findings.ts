import type { MigrationContext, RevisionGraph } from "@athanor/core";
import type { ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { lintRevisionIds } from "./lint-project.js";
import { lintReportLines } from "./print-lint-report.js";

/**
 * Lints the revisions a command just wrote (`revision --autogenerate`) or rendered
 * (`upgrade --sql`) and prints the findings on stderr, the same text `athanor lint` shows, so
 * stdout stays the command's own output (the SQL, the JSON). Prints nothing when clean.
 * Lint never changes the command's exit code here: `athanor lint` is the gate for CI. With
 * `cached` (the `--sql` run's context), revisions go through its op cache when it has one.
 *
 * @example
 * ```ts
 * await warnLintFindings(ctx, { graph, config }, ["b2"]);
 * ```
 */
export async function warnLintFindings(
  ctx: Context,
  project: { readonly graph: RevisionGraph; readonly config: ResolvedConfig },
  ids: readonly string[],
  cached?: MigrationContext,
): Promise<void> {
  if (ids.length === 0) return;
  const report = await lintRevisionIds(project, ids, undefined, cached);
  if (report.findings.length === 0) return;
  const describeRevision = (id: string) => project.graph.get(id)?.message;
  ctx.stderr.write(`${lintReportLines(ctx, report, { describeRevision }).join("\n")}\n`);
}
