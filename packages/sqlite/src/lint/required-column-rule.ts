import { createdInThisRevision, defineLintRule, type LintRule, tableLabel } from "@athanor/core";
import { WRITE_LOCK } from "./write-lock.js";

/**
 * `sqlite/add-required-column`: SQLite's ADD COLUMN refuses NOT NULL without a default even on an
 * empty table, so athanor adds it by a rebuild (docs/sqlite.md) — whose copy fails on the first
 * existing row, and once it exists, running code that inserts without the column fails too.
 *
 * @example
 * ```ts
 * lintRevisions(revisions, { rules: [requiredColumnRule], dialect: { name: "sqlite" } });
 * ```
 */
export const requiredColumnRule: LintRule = defineLintRule({
  id: "sqlite/add-required-column",
  dialects: ["sqlite"],
  kinds: ["addColumn"],
  severity: "error",
  summary:
    "ADD COLUMN NOT NULL without a default is a rebuild that fails on a table with rows, and breaks old inserts",
  lock: WRITE_LOCK,
  rewritesTable: true,
  scansTable: false,
  breaksRunningCode: true,
  safeRecipe:
    "give it a constant default (SQLite adds it in place), or add it nullable, backfill, then make it NOT NULL once no running code inserts without it",
  check(op, context) {
    const c = op.column;
    if (c.nullable || c.default !== undefined || c.identity || c.generated) return undefined;
    if (createdInThisRevision(context, op.table)) return undefined;
    return {
      message: `${tableLabel(op.table)}.${c.name} is NOT NULL without a default: SQLite cannot add it in place, the rebuild that adds it fails if the table has rows, and running code that inserts without it fails afterwards.`,
      table: op.table,
    };
  },
});
