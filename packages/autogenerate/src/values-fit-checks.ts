import {
  type DifferHooks,
  tableLabel as label,
  type NameInput,
  type Operation,
  operations,
  type QualifiedName,
  type RequireValuesFit,
} from "@athanor/core";
import { isWideningType } from "./diff/data-loss.js";

// MySQL/MariaDB commit each DDL statement: a revision whose copy into a narrower type fails
// half-way (the downgrade of a staged varchar(100) → text change copying a 150-character value
// back) stays part-applied. PostgreSQL's explicit casts (a backfill's, a USING) truncate such a
// value silently instead. So a revision that moves values into a narrower type opens with
// `op.requireValuesFit`, which refuses before its first statement while a value does not fit.

/** The dialect judges the pair, and it narrows (a widening needs no check). */
export function narrowsCheckably(
  hooks: Pick<DifferHooks, "valuesFitCheck">,
  from: string,
  to: string,
): boolean {
  return hooks.valuesFitCheck !== undefined && !isWideningType(from, to) && hooks.valuesFitCheck(from, to);
}

/**
 * The check that every value of `column` (named as before the revision's first statement) fits
 * `to`, or none when the move from `from` widens or the dialect cannot judge it.
 *
 * @example
 * ```ts
 * valuesFitCheck(mysqlDifferHooks, "users", "name", { from: "text", to: "varchar(100)" }, ["id"]);
 * ```
 */
export function valuesFitCheck(
  hooks: Pick<DifferHooks, "valuesFitCheck">,
  table: NameInput,
  column: string,
  types: { readonly from: string; readonly to: string },
  key: readonly string[] | undefined,
): RequireValuesFit[] {
  if (!narrowsCheckably(hooks, types.from, types.to)) return [];
  return [operations.requireValuesFit(table, column, types.to, key === undefined ? undefined : { key })];
}

/**
 * The checks to run before `ops`: one per `alterColumn` that changes a column's type into a
 * narrower one the dialect judges, over the column under the name it has before `ops` (a column
 * renamed earlier in `ops` by its old name; one added by `ops` is left out: it holds no rows yet).
 *
 * @example
 * ```ts
 * valuesFitChecks([operations.alterColumn("users", "name", { type: "varchar(10)", existingType: "text" })], hooks, keyOf);
 * // [requireValuesFit("users", "name", "varchar(10)")]
 * ```
 */
export function valuesFitChecks(
  ops: readonly Operation[],
  hooks: Pick<DifferHooks, "valuesFitCheck">,
  keyOf: (table: QualifiedName) => readonly string[] | undefined = () => undefined,
): RequireValuesFit[] {
  if (hooks.valuesFitCheck === undefined) return [];
  const before = new Map<string, string>(); // `table.column` now → its name before ops
  const added = new Set<string>();
  const at = (table: QualifiedName, column: string) => `${label(table)}\u0000${column}`;
  const checks: RequireValuesFit[] = [];
  for (const op of ops) {
    if (op.kind === "createTable") for (const c of op.columns) added.add(at(op.table, c.name));
    else if (op.kind === "addColumn") added.add(at(op.table, op.column.name));
    else if (op.kind === "renameColumn") {
      const from = at(op.table, op.from);
      const to = at(op.table, op.to);
      if (added.has(from)) added.add(to);
      else before.set(to, before.get(from) ?? op.from);
    } else if (op.kind === "alterColumn" && op.type !== undefined && op.existingType !== undefined) {
      if (added.has(at(op.table, op.column))) continue;
      const column = before.get(at(op.table, op.column)) ?? op.column;
      checks.push(
        ...valuesFitCheck(hooks, op.table, column, { from: op.existingType, to: op.type }, keyOf(op.table)),
      );
    }
  }
  return checks;
}

/**
 * The comment written above a check: what it refuses, and what to do.
 *
 * @example
 * ```ts
 * valuesFitNote(check); // "refuses, before anything below runs, while a value of users.name ..."
 * ```
 */
export function valuesFitNote(check: RequireValuesFit): string {
  return `refuses, before anything below runs, while a value of ${label(check.table)}.${check.column} does not fit ${check.type} (MySQL/MariaDB would stop half-way, each DDL statement commits; a PostgreSQL cast would cut or round it silently); shorten or change those values, or widen the type in the models instead.`;
}
