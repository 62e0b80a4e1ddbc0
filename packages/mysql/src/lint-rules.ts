import { compatibilityRules, type LintRule, valuesFitRules, viewRules } from "@athanor/core";
import { MYSQL_FOLDED_NAMES } from "./differ-hooks.js";
import { mysqlCopyRules } from "./lint/copy-rules.js";
import { galeraRules } from "./lint/galera-rules.js";
import { lintServerName, METADATA_LOCK, MY_DIALECTS } from "./lint/online-ddl.js";
import { type MysqlLintOptions, mysqlOnlineRules } from "./lint/online-rules.js";
import { checksValuesFit } from "./render/values-fit.js";

/**
 * The MySQL/MariaDB lint rules (ids `my/…`) for a dialect configured with the given online-DDL
 * clauses. Pass the same `algorithm`/`lock` as to `mysqlDialect`, so `my/missing-online-clauses`
 * knows whether statements carry them; `galera: true` adds the Galera rules (`my/galera-*`). The rules apply to dialects named `mysql` and `mariadb`.
 *
 * @example
 * ```ts
 * const rules = createMysqlLintRules({ algorithm: "INPLACE", lock: "NONE" });
 * const report = await lintMigrations(options, { rules, dialect: { name: "mariadb", version: [10, 11] } });
 * ```
 */
export function createMysqlLintRules(options: MysqlLintOptions = {}): readonly LintRule[] {
  return Object.freeze([
    ...(options.galera === true ? galeraRules : []),
    ...mysqlCopyRules,
    ...mysqlOnlineRules(options),
    ...compatibilityRules({
      prefix: "my",
      dialects: MY_DIALECTS,
      lock: METADATA_LOCK,
      foldsNameCase: MYSQL_FOLDED_NAMES,
    }),
    // MySQL checks nothing when a view's tables change: the view is left broken, renames included.
    ...viewRules({
      prefix: "my",
      dialects: MY_DIALECTS,
      lock: METADATA_LOCK,
      reshaping: ["dropColumn", "alterColumn", "dropTable", "renameColumn", "renameTable"],
      server: { name: lintServerName, refuses: false },
    }),
    ...valuesFitRules({ prefix: "my", dialects: MY_DIALECTS, lock: METADATA_LOCK, checksValuesFit }),
  ]);
}

/**
 * The MySQL/MariaDB rules for a dialect without `algorithm`/`lock` options (the default).
 *
 * @example
 * ```ts
 * lintRevisions(revisions, { rules: mysqlLintRules, dialect: { name: "mysql", version: [8, 0, 36] } });
 * ```
 */
export const mysqlLintRules: readonly LintRule[] = createMysqlLintRules();

export type { OnlineAlgorithm } from "./lint/online-ddl.js";
export { onlineAlgorithm } from "./lint/online-ddl.js";
export type { MysqlLintOptions } from "./lint/online-rules.js";
