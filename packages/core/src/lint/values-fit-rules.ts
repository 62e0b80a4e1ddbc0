import type { QualifiedName } from "../ops/definitions.js";
import type { Operation } from "../ops/operation.js";
import { isWideningType } from "../ops/type-widening.js";
import { createdInThisRevision, sameTable, tableLabel } from "./lint-helpers.js";
import { defineLintRule, type LintContext, type LintRule } from "./lint-rule.js";

/** What differs between dialects in the values-fit rule. */
export interface ValuesFitRuleOptions {
  /** Rule id prefix: `pg` gives `pg/narrowing-without-values-fit`. */
  readonly prefix: string;
  readonly dialects: readonly string[];
  readonly lock: string;
  /**
   * Whether the dialect's `op.requireValuesFit` can judge values of type `from` against `to`
   * (`DifferHooks.valuesFitCheck`): the rule asks for a check only where one can be written.
   */
  readonly checksValuesFit: (from: string, to: string) => boolean;
}

/**
 * The column's type before the operation at `context.index`, as the linted revisions left it
 * (created, added or retyped, followed through column and table renames); undefined when none of
 * them says (the column predates the revisions linted) or the revision itself added it (no rows).
 */
function typeBefore(context: LintContext, table: QualifiedName, column: string): string | undefined {
  const history: readonly Operation[] = [
    ...context.earlier,
    ...context.revision.operations.slice(0, context.index),
  ];
  const thisRevision = context.earlier.length;
  // walked backwards: the latest statement of the type wins; renames map the name back
  let where = { table, column };
  for (let i = history.length - 1; i >= 0; i--) {
    const op = history[i] as Operation;
    const on = "table" in op ? (op.table as QualifiedName) : undefined;
    if (on === undefined || !sameTable(on, where.table)) {
      if (op.kind === "renameTable" && op.to === where.table.name) where = { ...where, table: op.table };
      continue;
    }
    if (op.kind === "renameColumn" && op.to === where.column) where = { ...where, column: op.from };
    else if (op.kind === "alterColumn" && op.column === where.column && op.type !== undefined) return op.type;
    else if (op.kind === "addColumn" && op.column.name === where.column)
      return i >= thisRevision ? undefined : op.column.type;
    else if (op.kind === "createTable") return op.columns.find((c) => c.name === where.column)?.type;
  }
  return undefined;
}

/** The column's names earlier in the revision (before its renames), the current one first. */
function namesInRevision(context: LintContext, table: QualifiedName, column: string): string[] {
  const names = [column];
  const before = context.revision.operations.slice(0, context.index);
  for (let i = before.length - 1; i >= 0; i--) {
    const op = before[i] as Operation;
    if (op.kind === "renameColumn" && sameTable(op.table, table) && op.to === names.at(-1))
      names.push(op.from);
  }
  return names;
}

/** Whether the revision itself added the column before the operation: it holds no rows yet. */
function addedInRevision(context: LintContext, table: QualifiedName, column: string): boolean {
  const names = namesInRevision(context, table, column);
  return context.revision.operations
    .slice(0, context.index)
    .some((o) => o.kind === "addColumn" && sameTable(o.table, table) && names.includes(o.column.name));
}

/** Whether the revision runs `op.requireValuesFit` on the column before the operation. */
function checkedBefore(context: LintContext, table: QualifiedName, column: string): boolean {
  const names = namesInRevision(context, table, column);
  return context.revision.operations
    .slice(0, context.index)
    .some((o) => o.kind === "requireValuesFit" && sameTable(o.table, table) && names.includes(o.column));
}

/**
 * `<prefix>/narrowing-without-values-fit`: an `alterColumn` that moves a column's values into a
 * narrower type (varchar(100) → varchar(20), bigint → int, less decimal precision, ENUM members
 * removed, text → varchar(n)) with no `op.requireValuesFit` before it for that column. On
 * MySQL/MariaDB a value that does not fit stops the revision half-way (each DDL statement
 * commits); on PostgreSQL the ALTER fails, or a USING cast cuts the value silently. The check
 * refuses before the revision's first statement and names the rows. Autogenerate writes the
 * check for every such change (the same judgement: `isWideningType` and the dialect's
 * `checksValuesFit`), so its revisions pass. The prior type is the operation's `existingType`,
 * else what the linted revisions gave the column; a column they do not describe is not judged.
 *
 * @example
 * ```ts
 * valuesFitRules({ prefix: "my", dialects: ["mysql", "mariadb"], lock: "metadata lock", checksValuesFit });
 * ```
 */
export function valuesFitRules(options: ValuesFitRuleOptions): LintRule[] {
  return [
    defineLintRule({
      id: `${options.prefix}/narrowing-without-values-fit`,
      dialects: options.dialects,
      kinds: ["alterColumn"],
      severity: "warning",
      summary: "a type change into a narrower type without op.requireValuesFit before it",
      lock: options.lock,
      rewritesTable: false,
      scansTable: false,
      breaksRunningCode: false,
      safeRecipe:
        "write `await op.requireValuesFit(table, column, newType)` before the change (autogenerate does): it refuses before anything runs while a value does not fit, naming the rows",
      check(op, context) {
        const to = op.type;
        if (to === undefined || createdInThisRevision(context, op.table)) return undefined;
        if (addedInRevision(context, op.table, op.column)) return undefined;
        const from = op.existingType ?? typeBefore(context, op.table, op.column);
        if (from === undefined || isWideningType(from, to) || !options.checksValuesFit(from, to))
          return undefined;
        if (checkedBefore(context, op.table, op.column)) return undefined;
        const column = `${tableLabel(op.table)}.${op.column}`;
        return {
          message: `Changing ${column} from ${from} to ${to} narrows it with no op.requireValuesFit before it: a value that does not fit stops the revision part-way on MySQL/MariaDB (each DDL statement commits) or fails it, or is cut by a cast. Write \`await op.requireValuesFit(${JSON.stringify(tableLabel(op.table))}, ${JSON.stringify(op.column)}, ${JSON.stringify(to)})\` before it: it refuses before anything runs and names the rows.`,
          table: op.table,
        };
      },
    }),
  ];
}
