import type { ForeignKeyRow } from "./assemble-table.js";

/** A row of FOREIGN_KEY_COLUMNS_QUERY: a foreign key's column, without its actions. */
export type ForeignKeyColumnRow = Omit<ForeignKeyRow, "on_update" | "on_delete">;
/** A row of FOREIGN_KEY_RULES_QUERY. */
export type ForeignKeyRuleRow = Pick<ForeignKeyRow, "table_name" | "name" | "on_update" | "on_delete">;

/**
 * The foreign key columns with their key's actions: the inner join on (table, constraint name)
 * that SQL would do, in the columns' order. A column whose key has no rule row is left out, as
 * the join left it out.
 *
 * @example
 * ```ts
 * foreignKeyRows([{ table_name: "a", name: "fk", column_name: "b_id", ref_schema: "app", ref_table: "b", ref_column: "id" }],
 *   [{ table_name: "a", name: "fk", on_update: "NO ACTION", on_delete: "CASCADE" }]); // one row, on_delete "CASCADE"
 * ```
 */
export function foreignKeyRows(
  columns: readonly ForeignKeyColumnRow[],
  rules: readonly ForeignKeyRuleRow[],
): ForeignKeyRow[] {
  const byTable = new Map<string, Map<string, ForeignKeyRuleRow>>();
  for (const rule of rules) {
    const names = byTable.get(rule.table_name) ?? new Map<string, ForeignKeyRuleRow>();
    names.set(rule.name, rule);
    byTable.set(rule.table_name, names);
  }
  const out: ForeignKeyRow[] = [];
  for (const column of columns) {
    const rule = byTable.get(column.table_name)?.get(column.name);
    if (rule !== undefined) out.push({ ...column, on_update: rule.on_update, on_delete: rule.on_delete });
  }
  return out;
}
