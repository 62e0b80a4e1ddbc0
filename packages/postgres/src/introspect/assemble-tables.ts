import type { TableModel } from "@athanor/core";
import {
  type ColumnRow,
  type ConstraintRow,
  type IndexRow,
  parseNames,
  toCheck,
  toColumn,
  toForeignKey,
  toIndex,
} from "./catalog-rows.js";
import { type PolicyRow, toPolicy } from "./view-rows.js";

export interface TableRow {
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
}

/** The catalogue rows a table is built from, each carrying its table's oid. */
export interface TableRows {
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly rowSecurity: readonly { readonly table_oid: string }[];
  readonly policies: readonly PolicyRow[];
}

type MutableTable = {
  -readonly [K in keyof TableModel]: TableModel[K] extends readonly (infer T)[] ? T[] : TableModel[K];
};

/**
 * Puts each table together from the per-kind rows, in the order the tables were read.
 *
 * @example
 * ```ts
 * const tables = assembleTables({ tables, columns, constraints, indexes, rowSecurity: [], policies: [] });
 * ```
 */
export function assembleTables(rows: TableRows): TableModel[] {
  const tables = new Map<string, MutableTable>();
  for (const row of rows.tables) {
    tables.set(row.oid, {
      schema: row.schema,
      name: row.name,
      columns: [],
      primaryKey: null,
      uniques: [],
      foreignKeys: [],
      checks: [],
      indexes: [],
      comment: row.comment,
    });
  }
  // Rows of a table dropped between two queries have no table: skip them rather than fail.
  for (const row of rows.columns) tables.get(row.table_oid)?.columns.push(toColumn(row));
  for (const row of rows.constraints) {
    const table = tables.get(row.table_oid);
    if (table !== undefined) addConstraint(table, row);
  }
  for (const row of rows.indexes) tables.get(row.table_oid)?.indexes.push(toIndex(row));
  for (const row of rows.rowSecurity) {
    const table = tables.get(row.table_oid);
    if (table !== undefined) table.rowLevelSecurity = true;
  }
  for (const row of rows.policies) {
    const table = tables.get(row.table_oid);
    if (table !== undefined) table.policies = [...(table.policies ?? []), toPolicy(row)];
  }
  return [...tables.values()];
}

function addConstraint(table: MutableTable, row: ConstraintRow): void {
  if (row.type === "p") table.primaryKey = { name: row.name, columns: parseNames(row.columns) };
  else if (row.type === "u") {
    table.uniques.push({
      name: row.name,
      columns: parseNames(row.columns),
      nullsNotDistinct: row.nulls_not_distinct,
      deferrable: row.deferrable,
      initiallyDeferred: row.deferred,
    });
  } else if (row.type === "f") table.foreignKeys.push(toForeignKey(row));
  else table.checks.push(toCheck(row));
}
