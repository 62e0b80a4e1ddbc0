import type { Operation } from "@athanor/core";
import { addColumnRebuildReason } from "./rebuild-ops.js";

/** Operations whose renderer restates the table (a rebuild), or decides whether it must. */
export const RESTATES_TABLE = new Set<string>([
  "alterColumn",
  "addPrimaryKey",
  "addUnique",
  "addForeignKey",
  "addCheck",
  "dropConstraint",
  // a column in a key, check or index is dropped by a rebuild; which one it is, the schema says
  "dropColumn",
]);

/**
 * SQLite's `Dialect.needsPriorDefinition`: the operations whose rendering reads the table as it is
 * (a rebuild restates it). Every other operation renders from itself, so a revision of them — a
 * history of `CREATE TABLE`s — reads no schema at all.
 *
 * @example
 * ```ts
 * needsPriorDefinition(operations.alterColumn("users", "email", { nullable: true })); // true
 * needsPriorDefinition(operations.execute("CREATE TABLE t (id integer)")); // false
 * ```
 */
export function needsPriorDefinition(op: Operation): boolean {
  if (op.kind === "addColumn") return addColumnRebuildReason(op.column) !== undefined;
  // re-created from its stored statement (render/rename-index.ts)
  if (op.kind === "renameIndex") return true;
  return RESTATES_TABLE.has(op.kind);
}
