import type { LintEffects, LintSeverity } from "./lint-rule.js";

/**
 * One problem lint found, JSON-safe. `operationIndex`/`operationKind` are null for findings about
 * the revision as a whole (an ignore without a reason, an `op.query` call).
 *
 * @example
 * ```ts
 * const finding: LintFinding = {
 *   ruleId: "pg/index-not-concurrent", severity: "error", revision: "3f2a9c1b7d4e", file: null,
 *   operationIndex: 0, operationKind: "createIndex", table: "users", message: "...", lock: "SHARE",
 *   rewritesTable: false, scansTable: true, breaksRunningCode: false, safeRecipe: "...",
 * };
 * ```
 */
export interface LintFinding extends LintEffects {
  readonly ruleId: string;
  readonly severity: LintSeverity;
  readonly revision: string;
  readonly file: string | null;
  readonly operationIndex: number | null;
  readonly operationKind: string | null;
  /** `schema.table` or `table`, when the finding is about one table. */
  readonly table: string | null;
  readonly message: string;
  readonly safeRecipe: string | null;
}

/** A finding a revision silenced, kept so reviewers and `--json` can still see it. */
export interface SilencedFinding extends LintFinding {
  readonly reason: string;
}

/**
 * The result of a lint run: the revisions looked at (oldest first), what fires, what was
 * silenced, and counts per severity.
 *
 * @example
 * ```ts
 * const failed = report.counts.error > 0; // `athanor lint` exits 1
 * ```
 */
export interface LintReport {
  readonly dialect: string;
  readonly revisions: readonly string[];
  readonly findings: readonly LintFinding[];
  readonly silenced: readonly SilencedFinding[];
  readonly counts: Readonly<Record<LintSeverity, number>>;
}

/** Severities from worst to mildest, for sorting and summaries. */
export const LINT_SEVERITIES: readonly LintSeverity[] = ["error", "warning", "info"];

/**
 * Counts findings per severity.
 *
 * @example
 * ```ts
 * countFindings(report.findings).error; // 2
 * ```
 */
export function countFindings(findings: readonly LintFinding[]): Record<LintSeverity, number> {
  const counts: Record<LintSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
