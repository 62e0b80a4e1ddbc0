import type { OperationOf } from "@athanor/core";
import { quoteIdent, quoteQualified } from "../quote.js";

/** SQLite folds ASCII letters only when it compares names. */
const asciiLower = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * `ALTER TABLE … RENAME TO`. SQLite's names are case-insensitive, and it refuses a rename to the
 * same name in another case ("there is already another table or index with this name"): what
 * autogenerate writes when a model's `sqliteTable("users")` becomes `sqliteTable("Users")`
 * (`--rename users:Users`) failed on every upgrade. Such a rename goes through a name of its own.
 *
 * @example
 * ```ts
 * renderRenameTable(operations.renameTable("users", "Users"));
 * // ['ALTER TABLE "users" RENAME TO "__athanor_rename_Users"', 'ALTER TABLE "__athanor_rename_Users" RENAME TO "Users"']
 * ```
 */
export function renderRenameTable(op: OperationOf<"renameTable">): string[] {
  const to = quoteIdent(op.to);
  if (op.table.name === op.to || asciiLower(op.table.name) !== asciiLower(op.to))
    return [`ALTER TABLE ${quoteQualified(op.table)} RENAME TO ${to}`];
  const step = quoteIdent(`__athanor_rename_${op.to}`);
  const schema = op.table.schema === undefined ? {} : { schema: op.table.schema };
  return [
    `ALTER TABLE ${quoteQualified(op.table)} RENAME TO ${step}`,
    `ALTER TABLE ${quoteQualified({ ...schema, name: `__athanor_rename_${op.to}` })} RENAME TO ${to}`,
  ];
}
