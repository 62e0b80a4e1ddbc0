import type { QualifiedName } from "../ops/definitions.js";
import type { Operation } from "../ops/operation.js";
import { mentionsName } from "../text/mentions-name.js";
import { sameTable, tableLabel } from "./lint-helpers.js";
import { defineLintRule, type LintContext, type LintDialectInfo, type LintRule } from "./lint-rule.js";

/** What differs between dialects in the view rules. */
export interface ViewRuleOptions {
  /** Rule id prefix: `pg` gives `pg/drop-view-in-use`. */
  readonly prefix: string;
  readonly dialects: readonly string[];
  readonly lock: string;
  /** Table changes the dialect refuses or breaks under a view: MySQL also breaks on renames. */
  readonly reshaping: readonly (
    | "dropColumn"
    | "alterColumn"
    | "dropTable"
    | "renameColumn"
    | "renameTable"
  )[];
  /**
   * How a finding names the server linted for (`MariaDB`, `MySQL/MariaDB` when only the dialect is
   * known) and whether it refuses a change under a view or leaves the view broken. Absent: the
   * findings name PostgreSQL's and MySQL's ways both. `refuses`: PostgreSQL's way (true) or
   * MySQL's, which leaves the reader broken (false).
   */
  readonly server?: { name(dialect: LintDialectInfo): string; readonly refuses: boolean } | undefined;
}

/** What happens to the reader of a dropped view, and to a view whose table changes, in words. */
function underView(server: ViewRuleOptions["server"], dialect: LintDialectInfo) {
  if (server === undefined)
    return {
      drop: "PostgreSQL refuses the DROP, MySQL leaves the reader broken",
      change: "may be refused while the view uses the column (PostgreSQL), or leave the view broken (MySQL)",
    };
  const name = server.name(dialect);
  return server.refuses
    ? { drop: `${name} refuses the DROP`, change: `may be refused while the view uses the column (${name})` }
    : { drop: `${name} leaves the reader broken`, change: `may leave the view broken (${name})` };
}

interface LiveView {
  readonly name: QualifiedName;
  readonly definition: string;
}

/** Views that exist when the operation runs, as far as the linted revisions created them. */
function liveViews(context: LintContext): LiveView[] {
  let views: LiveView[] = [];
  const history: readonly Operation[] = [
    ...context.earlier,
    ...context.revision.operations.slice(0, context.index),
  ];
  for (const op of history) {
    if (op.kind === "createView") views.push({ name: op.name, definition: op.definition });
    else if (op.kind === "dropView") views = views.filter((v) => !sameTable(v.name, op.name));
  }
  return views;
}

function readers(context: LintContext, name: QualifiedName): string[] {
  return liveViews(context)
    .filter((v) => !sameTable(v.name, name) && mentionsName(v.definition, name.name))
    .map((v) => tableLabel(v.name));
}

const RECIPE =
  "drop the views that read it first and create them again afterwards, in the same revision (autogenerate writes it that way)";

/**
 * Rules about views that other operations of the history depend on: dropping a view another
 * view reads fails on PostgreSQL (and leaves the reader broken on MySQL), and so does changing
 * a table a view reads. Which view reads what is read from the views' definitions.
 *
 * @example
 * ```ts
 * export const postgresLintRules = [...viewRules({ prefix: "pg", dialects: ["postgresql"], lock: "ACCESS EXCLUSIVE", reshaping: ["dropColumn", "alterColumn", "dropTable"] })];
 * ```
 */
export function viewRules(options: ViewRuleOptions): LintRule[] {
  const base = {
    dialects: options.dialects,
    lock: options.lock,
    rewritesTable: false,
    scansTable: false,
    breaksRunningCode: false,
    safeRecipe: RECIPE,
  } as const;
  return [
    defineLintRule({
      ...base,
      id: `${options.prefix}/drop-view-in-use`,
      kinds: ["dropView"],
      severity: "error",
      summary: "dropping a view that another view reads fails (or breaks the reader)",
      check: (op, context) => {
        const using = readers(context, op.name);
        return using.length === 0
          ? undefined
          : {
              message: `Dropping view ${tableLabel(op.name)} while ${using.join(", ")} ${using.length === 1 ? "reads" : "read"} it: ${underView(options.server, context.dialect).drop}.`,
              table: op.name,
            };
      },
    }),
    defineLintRule({
      ...base,
      id: `${options.prefix}/change-under-view`,
      kinds: options.reshaping,
      severity: "warning",
      summary: "changing a table a view reads may be refused, or break the view",
      check: (op, context) => {
        if (op.kind === "alterColumn" && op.type === undefined) return undefined;
        const using = readers(context, op.table);
        return using.length === 0
          ? undefined
          : {
              message: `${tableLabel(op.table)} is read by ${using.join(", ")}: this ${op.kind} ${underView(options.server, context.dialect).change}.`,
              table: op.table,
            };
      },
    }),
  ];
}
