import { differsOnlyInCase, type FoldedNameKinds } from "../dialect/name-case.js";
import { createdInThisRevision, tableLabel } from "./lint-helpers.js";
import { defineLintRule, type LintRule } from "./lint-rule.js";

/** What differs between dialects in the compatibility rules. */
export interface CompatibilityRuleOptions {
  /** Rule id prefix: `pg` gives `pg/rename-column`. */
  readonly prefix: string;
  readonly dialects: readonly string[];
  /** The lock a rename or drop takes, e.g. `ACCESS EXCLUSIVE (brief)`. */
  readonly lock: string;
  /**
   * Names the server compares without case (`DifferHooks.foldsNameCase`): a rename that only
   * changes the case of such a name breaks nothing, since running code's old spelling still finds it.
   */
  readonly foldsNameCase?: FoldedNameKinds | undefined;
}

const RENAME_RECIPE =
  "expand/contract: add the new column (expand), write both and backfill (migrate), move readers, then drop the old one (contract)";

/**
 * The rules every dialect shares about code that is still running: renaming or dropping a
 * column or table breaks the application version deployed before the migration. Drops are fine
 * in a revision marked `phase: "contract"` (the old code is gone by then); anything on a table
 * the same revision created is fine too.
 *
 * @example
 * ```ts
 * export const postgresLintRules = [...compatibilityRules({ prefix: "pg", dialects: ["postgresql"], lock: "ACCESS EXCLUSIVE (brief)" })];
 * ```
 */
export function compatibilityRules(options: CompatibilityRuleOptions): LintRule[] {
  const base = {
    dialects: options.dialects,
    severity: "error",
    lock: options.lock,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: true,
  } as const;
  return [
    defineLintRule({
      ...base,
      id: `${options.prefix}/rename-column`,
      kinds: ["renameColumn"],
      summary: "renaming a column breaks code that still uses the old name",
      safeRecipe: RENAME_RECIPE,
      check: (op, context) =>
        createdInThisRevision(context, op.table) ||
        (options.foldsNameCase?.columns === true && differsOnlyInCase(op.from, op.to))
          ? undefined
          : {
              message: `Renaming ${tableLabel(op.table)}.${op.from} to ${op.to} breaks every running instance that still reads or writes "${op.from}".`,
              table: op.table,
            },
    }),
    defineLintRule({
      ...base,
      id: `${options.prefix}/rename-table`,
      kinds: ["renameTable"],
      summary: "renaming a table breaks code that still uses the old name",
      safeRecipe:
        "expand/contract: create the new table and keep both in sync (or expose the old name as a view) until no running code uses the old name, then drop it",
      check: (op, context) =>
        createdInThisRevision(context, op.table) ||
        (options.foldsNameCase?.tables === true && differsOnlyInCase(op.table.name, op.to))
          ? undefined
          : {
              message: `Renaming ${tableLabel(op.table)} to ${op.to} breaks every running instance that still queries "${op.table.name}".`,
              table: op.table,
            },
    }),
    defineLintRule({
      ...base,
      id: `${options.prefix}/drop-column`,
      kinds: ["dropColumn"],
      summary: "dropping a column outside a contract revision breaks code that still uses it",
      safeRecipe:
        'stop reading and writing the column in code and deploy that first, then drop it in a revision marked phase: "contract"',
      check: (op, context) =>
        context.revision.header.phase === "contract" || createdInThisRevision(context, op.table)
          ? undefined
          : {
              message: `Dropping ${tableLabel(op.table)}.${op.column} outside a contract revision breaks running code that still selects or inserts it.`,
              table: op.table,
            },
    }),
    defineLintRule({
      ...base,
      id: `${options.prefix}/drop-table`,
      kinds: ["dropTable"],
      summary: "dropping a table outside a contract revision breaks code that still uses it",
      safeRecipe:
        'remove every use of the table from code and deploy that first, then drop it in a revision marked phase: "contract"',
      check: (op, context) =>
        context.revision.header.phase === "contract" || createdInThisRevision(context, op.table)
          ? undefined
          : {
              message: `Dropping ${tableLabel(op.table)} outside a contract revision breaks running code that still queries it, and loses its rows.`,
              table: op.table,
            },
    }),
  ];
}
