import type { LintRule } from "@athanor/core";
import { tableRebuildRule } from "./lint/rebuild-rule.js";

/**
 * The SQLite lint rules (ids `sqlite/…`): table rebuilds, with their cost. The shared rules about
 * running code (renames and drops outside a contract revision) are not on yet: autogenerate writes
 * SQLite revisions without staged recipes, and would first have to carry their reasoned silences.
 *
 * @example
 * ```ts
 * lintRevisions(revisions, { rules: sqliteLintRules, dialect: { name: "sqlite" } });
 * ```
 */
export const sqliteLintRules: readonly LintRule[] = Object.freeze([tableRebuildRule]);
