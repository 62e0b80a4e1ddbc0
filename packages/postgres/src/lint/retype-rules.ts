import { createdInThisRevision, defineLintRule, type LintRule, tableLabel } from "@athanor/core";
import { ACCESS_EXCLUSIVE, PG_DIALECTS } from "./common.js";

/**
 * Operations that retype columns in place, which are warnings rather than errors: autogenerate
 * writes them where no other form exists (an enum losing or reordering values, a collation
 * change), so they must not block the upgrade; the warning says what the statement costs.
 */
export const postgresRetypeRules: readonly LintRule[] = [
  defineLintRule({
    id: "pg/rebuild-enum",
    dialects: PG_DIALECTS,
    kinds: ["rebuildEnum"],
    severity: "warning",
    summary: "rebuilding an enum type retypes every column using it, rewriting their tables",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: true,
    scansTable: true,
    breaksRunningCode: true,
    safeRecipe:
      'add values with op.addEnumValue (no rewrite); remove a value only once no code writes it, in a quiet window or a revision marked phase: "contract"',
    check(op, context) {
      const existing = op.columns.filter((c) => !createdInThisRevision(context, c.table));
      if (existing.length === 0) return undefined;
      const columns = existing.map((c) => `${tableLabel(c.table)}.${c.column}`).join(", ");
      return {
        message: `Rebuilding enum ${tableLabel(op.name)} rewrites ${columns} under an ACCESS EXCLUSIVE lock, and running code that still writes a removed value fails.`,
        table: existing[0]?.table,
      };
    },
  }),
  defineLintRule({
    id: "pg/collation-change",
    dialects: PG_DIALECTS,
    kinds: ["alterColumnCollation"],
    severity: "warning",
    summary: "changing a column's collation rebuilds its indexes under an ACCESS EXCLUSIVE lock",
    lock: ACCESS_EXCLUSIVE,
    rewritesTable: false,
    scansTable: true,
    breaksRunningCode: false,
    safeRecipe:
      "run it in a quiet window, or add a column with the new collation, backfill it, index it concurrently and switch to it",
    check: (op, context) =>
      createdInThisRevision(context, op.table)
        ? undefined
        : {
            message: `Changing the collation of ${tableLabel(op.table)}.${op.column} rebuilds its indexes while reads and writes wait.`,
            table: op.table,
          },
  }),
];
