import type { MigrateOptions, RevisionGraph } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import type { ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { displayPath } from "../output.js";

/**
 * The `vetPlan` of an online `upgrade`: lints exactly the revisions the plan applies (the applied
 * ones as history, as `status` does) and refuses with ATHANOR_LINT_ERRORS, listing each error,
 * when any is left unsilenced. `--ignore-lint-errors` skips it; a finding silenced in its file
 * with a reason never counts.
 *
 * @example
 * ```ts
 * await upgrade(run.migration, "heads", { vetPlan: lintGate(ctx, run) });
 * ```
 */
export function lintGate(
  ctx: Context,
  project: { readonly config: ResolvedConfig; readonly graph: RevisionGraph },
): NonNullable<MigrateOptions["vetPlan"]> {
  return async ({ steps, heads }) => {
    const ids = steps.filter((s) => s.direction === "upgrade").map((s) => s.revision);
    if (ids.length === 0) return;
    // imported here: linting loads the whole op and rule set, which a no-op upgrade never needs
    const { lintPending } = await import("./lint-pending.js");
    const report = await lintPending(project.config, project.graph, ids, heads);
    const errors = report.findings.filter((f) => f.severity === "error");
    if (errors.length === 0) return;
    const lines = errors.map(
      (f) =>
        `  ${f.revision}${f.file === null ? "" : ` (${displayPath(ctx, f.file)})`}: ${f.ruleId} — ${f.message}`,
    );
    throw new AthanorError(
      "ATHANOR_LINT_ERRORS",
      `upgrade refused: ${errors.length === 1 ? "a revision" : "revisions"} it would run ${errors.length === 1 ? "has a lint error" : `have ${errors.length} lint errors`} (as \`athanor status\` reports). Nothing was run.\n${lines.join("\n")}`,
      {
        findings: errors.map((f) => ({
          ruleId: f.ruleId,
          revision: f.revision,
          file: f.file,
          message: f.message,
        })),
        hint: "fix each finding, or silence it in its revision with lint: { ignore: [{ rule, reason }] }, or pass --ignore-lint-errors",
      },
    );
  };
}
