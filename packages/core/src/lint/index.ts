export type { CoreLintRuleId } from "./apply-ignores.js";
export { applyIgnores, CORE_LINT_RULES } from "./apply-ignores.js";
export type { CompatibilityRuleOptions } from "./compatibility-rules.js";
export { compatibilityRules } from "./compatibility-rules.js";
export type { LintFinding, LintReport, SilencedFinding } from "./lint-finding.js";
export { countFindings, LINT_SEVERITIES } from "./lint-finding.js";
export type { SqlStatementClass } from "./lint-helpers.js";
export {
  classifySql,
  createdInThisRevision,
  isDataChange,
  isSchemaChange,
  sameTable,
  tableLabel,
  versionAtLeast,
} from "./lint-helpers.js";
export type { LintMigrationsOptions } from "./lint-migrations.js";
export { lintMigrations, recordLintRevisions, revisionsToLint } from "./lint-migrations.js";
export type { LintOptions } from "./lint-revisions.js";
export { DEFAULT_SMALL_TABLE_ROWS, lintRevisions } from "./lint-revisions.js";
export type {
  LintContext,
  LintDialectInfo,
  LintEffects,
  LintHit,
  LintRevision,
  LintRule,
  LintSeverity,
  RecordedBackfill,
  RecordedQuery,
} from "./lint-rule.js";
export { defineLintRule } from "./lint-rule.js";
export type { RecordedOperations } from "./record-operations.js";
export { recordOperations } from "./record-operations.js";
export { type ValuesFitRuleOptions, valuesFitRules } from "./values-fit-rules.js";
export { type ViewRuleOptions, viewRules } from "./view-rules.js";
