import { compatibilityRules, type LintRule } from "@athanor/core";
import { SQLITE_FOLDED_NAMES } from "./differ-hooks.js";
import { nameCaseRule } from "./lint/name-case-rule.js";
import { tableRebuildRule } from "./lint/rebuild-rule.js";
import { requiredColumnRule } from "./lint/required-column-rule.js";
import { WRITE_LOCK } from "./lint/write-lock.js";

/**
 * The SQLite lint rules (ids `sqlite/…`): table rebuilds with their cost, and the rules every
 * dialect shares about running code (renames and drops outside a contract revision, a required
 * column old inserts do not write). Autogenerate's plain SQLite revisions carry their reasoned
 * silences for the latter (`sqliteDifferHooks.unstaged`); hand-written ones are held to them.
 *
 * @example
 * ```ts
 * lintRevisions(revisions, { rules: sqliteLintRules, dialect: { name: "sqlite" } });
 * ```
 */
export const sqliteLintRules: readonly LintRule[] = Object.freeze([
  tableRebuildRule,
  requiredColumnRule,
  nameCaseRule,
  ...compatibilityRules({
    prefix: "sqlite",
    dialects: ["sqlite"],
    lock: WRITE_LOCK,
    foldsNameCase: SQLITE_FOLDED_NAMES,
  }),
]);
