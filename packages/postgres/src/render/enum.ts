import type { OperationOf } from "@athanor/core";
import { temporaryName } from "@athanor/core/text";
import { quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";
import { dollarTag } from "./dollar-tag.js";

/**
 * `ALTER TYPE ... RENAME TO`: the new name stays in the type's schema.
 *
 * @example
 * ```ts
 * renderRenameEnum(operations.renameEnum("mood", "feeling")); // ['ALTER TYPE "mood" RENAME TO "feeling"']
 * ```
 */
export function renderRenameEnum(op: OperationOf<"renameEnum">): string[] {
  return [`ALTER TYPE ${quoteQualified(op.name)} RENAME TO ${quoteIdent(op.to)}`];
}

/**
 * The enum rebuilt with other values. First, for each column, a guard that raises
 * `check_violation` while a row holds a value the new list drops (before anything changed);
 * then the type is renamed aside, created anew, every column retyped through text (its default
 * dropped first and set again after) and the old type dropped.
 *
 * @example
 * ```ts
 * renderRebuildEnum(operations.rebuildEnum("mood", ["ok"], { existingValues: ["ok", "meh"], columns: [{ table: "users", column: "mood" }] }));
 * // [DO $athanor$ ... $athanor$, ALTER TYPE "mood" RENAME TO "mood__athanor_old", CREATE TYPE "mood" AS ENUM ('ok'), ...]
 * ```
 */
export function renderRebuildEnum(op: OperationOf<"rebuildEnum">): string[] {
  const type = quoteQualified(op.name);
  // cut with a hash past 63 bytes: PostgreSQL would truncate it into a name that may collide
  const oldName = temporaryName(op.name.name, "__athanor_old");
  const dropped = op.existingValues.filter((v) => !op.values.includes(v));
  const statements: string[] = [];
  if (dropped.length > 0) {
    const list = dropped.map(quoteLiteral).join(", ");
    for (const c of op.columns) {
      const column = quoteIdent(c.column);
      const holds =
        c.array === true ? `${column}::text[] && ARRAY[${list}]::text[]` : `${column}::text IN (${list})`;
      const message = `enum ${op.name.name} loses ${dropped.join(", ")}, but rows of ${c.table.name}.${c.column} still hold it; update or delete them first. Nothing was changed.`;
      const body = ` BEGIN IF EXISTS (SELECT 1 FROM ${quoteQualified(c.table)} WHERE ${holds}) THEN RAISE EXCEPTION USING MESSAGE = ${quoteLiteral(message)}, ERRCODE = 'check_violation'; END IF; END `;
      const tag = dollarTag(body);
      statements.push(`DO ${tag}${body}${tag}`);
    }
  }
  statements.push(
    `ALTER TYPE ${type} RENAME TO ${quoteIdent(oldName)}`,
    `CREATE TYPE ${type} AS ENUM (${op.values.map(quoteLiteral).join(", ")})`,
  );
  for (const c of op.columns) {
    const alter = `ALTER TABLE ${quoteQualified(c.table)} ALTER COLUMN ${quoteIdent(c.column)}`;
    const array = c.array === true ? "[]" : "";
    if (c.default !== undefined) statements.push(`${alter} DROP DEFAULT`);
    statements.push(
      `${alter} TYPE ${type}${array} USING ${quoteIdent(c.column)}::text${array}::${type}${array}`,
    );
    if (c.default !== undefined) statements.push(`${alter} SET DEFAULT ${c.default}`);
  }
  statements.push(`DROP TYPE ${quoteQualified({ ...op.name, name: oldName })}`);
  return statements;
}
