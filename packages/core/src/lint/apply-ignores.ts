import type { LintFinding, SilencedFinding } from "./lint-finding.js";
import type { LintRevision, LintSeverity } from "./lint-rule.js";

/**
 * The findings the engine itself reports, about revisions rather than operations. Their ids are
 * as stable as the dialect rules' ids.
 *
 * @example
 * ```ts
 * CORE_LINT_RULES["core/ignore-without-reason"].severity; // "error"
 * ```
 */
export const CORE_LINT_RULES = {
  "core/ignore-without-reason": {
    severity: "error",
    summary: "a lint ignore without a reason silences nothing",
  },
  "core/unknown-rule": {
    severity: "warning",
    summary: "a lint ignore names a rule that does not exist (a typo?)",
  },
  "core/unused-ignore": {
    severity: "info",
    summary: "a lint ignore silences nothing in this revision any more",
  },
  "core/query-not-linted": {
    severity: "info",
    summary:
      "op.query() runs SQL lint cannot judge; the operations after it were recorded with an empty result",
  },
  "core/todo-placeholder": {
    severity: "error",
    summary:
      "upgrade() still holds an unfilled TODO(athanor) placeholder; upgrade refuses to run it until it is filled",
  },
  "core/ddl-with-backfill": {
    severity: "error",
    summary:
      "upgrade() mixes schema changes (DDL) with an op.backfill(); put the backfill in a revision of its own",
  },
  "core/upgrade-not-recorded": {
    severity: "warning",
    summary: "upgrade(op) threw while lint recorded it; only the operations before the error were linted",
  },
} as const satisfies Record<string, { severity: LintSeverity; summary: string }>;

/** The id of a finding the engine reports itself. */
export type CoreLintRuleId = keyof typeof CORE_LINT_RULES;

/**
 * A finding about a revision as a whole, with the defaults of a core rule.
 *
 * @example
 * ```ts
 * revisionFinding(revision, "core/unused-ignore", "nothing to silence");
 * ```
 */
export function revisionFinding(
  revision: LintRevision,
  ruleId: CoreLintRuleId,
  message: string,
  safeRecipe: string | null = null,
): LintFinding {
  return {
    ruleId,
    severity: CORE_LINT_RULES[ruleId].severity,
    revision: revision.header.id,
    file: revision.file ?? null,
    operationIndex: null,
    operationKind: null,
    table: null,
    message,
    lock: null,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe,
  };
}

/**
 * Applies a revision's `lint.ignore` list: findings of an ignored rule move to `silenced` when
 * the ignore gives a reason. An ignore without a reason silences nothing and is an error of its
 * own; one naming an unknown rule, or an active rule that matched nothing, is reported too. (An
 * ignore of a known rule of another dialect is left alone: a revision may serve several.)
 *
 * @example
 * ```ts
 * const ids = new Set(["pg/rename-column"]);
 * const { kept, silenced } = applyIgnores(revision, findings, { known: ids, active: ids });
 * ```
 */
export function applyIgnores(
  revision: LintRevision,
  findings: readonly LintFinding[],
  rules: { readonly known: ReadonlySet<string>; readonly active: ReadonlySet<string> },
): { kept: LintFinding[]; silenced: SilencedFinding[] } {
  const ignores = revision.header.lint?.ignore ?? [];
  const kept: LintFinding[] = [];
  const silenced: SilencedFinding[] = [];
  const used = new Set<string>();
  const reasons = new Map<string, string>();
  for (const ignore of ignores) {
    const reason = ignore.reason?.trim() ?? "";
    if (reason !== "") reasons.set(ignore.rule, reason);
  }
  for (const finding of findings) {
    const reason = reasons.get(finding.ruleId);
    if (reason === undefined) kept.push(finding);
    else {
      silenced.push({ ...finding, reason });
      used.add(finding.ruleId);
    }
  }
  for (const ignore of ignores) {
    const quoted = `lint: { ignore: [{ rule: "${ignore.rule}", … }] }`;
    if ((ignore.reason?.trim() ?? "") === "") {
      kept.push(
        revisionFinding(
          revision,
          "core/ignore-without-reason",
          `${quoted} gives no reason, so it silences nothing. Say why the finding is safe here.`,
          `{ rule: "${ignore.rule}", reason: "why this is safe, e.g. the table holds 40 rows" }`,
        ),
      );
    } else if (!rules.known.has(ignore.rule)) {
      kept.push(
        revisionFinding(
          revision,
          "core/unknown-rule",
          `${quoted} names no known lint rule. Check the id against docs/lint.md.`,
        ),
      );
    } else if (rules.active.has(ignore.rule) && !used.has(ignore.rule)) {
      kept.push(
        revisionFinding(
          revision,
          "core/unused-ignore",
          `${quoted} silences nothing: the rule no longer fires here. Remove the ignore.`,
        ),
      );
    }
  }
  return { kept, silenced };
}
