import { compatibilityRules, type LintRule, valuesFitRules, viewRules } from "@athanor/core";
import { postgresColumnRules } from "./lint/column-rules.js";
import { ACCESS_EXCLUSIVE, PG_DIALECTS } from "./lint/common.js";
import { postgresConstraintRules } from "./lint/constraint-rules.js";
import { postgresIndexRules } from "./lint/index-rules.js";
import { postgresRetypeRules } from "./lint/retype-rules.js";
import { postgresTransactionRules } from "./lint/transaction-rules.js";
import { checksValuesFit } from "./render/values-fit.js";

/**
 * Every PostgreSQL lint rule (ids `pg/…`), for `lintRevisions`/`lintMigrations` and
 * `athanor lint`. They apply to the `postgresql` and `pglite` dialects; docs/lint.md lists them
 * with their locks and safe recipes.
 *
 * @example
 * ```ts
 * import { lintMigrations } from "@athanor/core";
 * import { postgresLintRules } from "@athanor/postgres";
 * const report = await lintMigrations(options, { rules: postgresLintRules, dialect: { name: "postgresql", version: [15] } });
 * ```
 */
export const postgresLintRules: readonly LintRule[] = Object.freeze([
  ...postgresIndexRules,
  ...postgresConstraintRules,
  ...postgresColumnRules,
  ...postgresRetypeRules,
  ...postgresTransactionRules,
  ...compatibilityRules({ prefix: "pg", dialects: PG_DIALECTS, lock: `${ACCESS_EXCLUSIVE} (brief)` }),
  // PostgreSQL follows a rename under a view; it refuses type changes and drops of what a view reads.
  ...viewRules({
    prefix: "pg",
    dialects: PG_DIALECTS,
    lock: ACCESS_EXCLUSIVE,
    reshaping: ["dropColumn", "alterColumn", "dropTable"],
    server: { name: () => "PostgreSQL", refuses: true },
  }),
  ...valuesFitRules({ prefix: "pg", dialects: PG_DIALECTS, lock: ACCESS_EXCLUSIVE, checksValuesFit }),
]);

export { isBinaryCompatibleChange, volatileFunctionIn } from "./lint/type-compatibility.js";
