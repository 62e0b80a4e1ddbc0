import type { CheckModel, ForeignKeyModel, IndexModel, TableModel, UniqueModel } from "@athanor/core";
import type { MysqlFlavor } from "../server.js";
import { groupBy } from "./information-schema-reader.js";
import {
  type ColumnRow,
  jsonCheckColumn,
  type StatisticsRow,
  toAction,
  toColumn,
  toIndexOrUnique,
  withoutRedundantFkIndexes,
} from "./information-schema-rows.js";

export interface TableRow {
  readonly name: string;
  readonly comment: string;
  readonly collation: string | null;
}
export interface ForeignKeyRow {
  readonly table_name: string;
  readonly name: string;
  readonly column_name: string;
  readonly ref_schema: string;
  readonly ref_table: string;
  readonly ref_column: string;
  readonly on_update: string;
  readonly on_delete: string;
}
export interface CheckRow {
  readonly table_name: string;
  readonly name: string;
  readonly clause: string;
  readonly level: string;
}

/** One table's rows from each information_schema query. */
export interface MysqlTableRows {
  readonly columns: readonly ColumnRow[];
  readonly statistics: readonly StatisticsRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  readonly checks: readonly CheckRow[];
}

/**
 * Builds one table of `database` from its rows. MariaDB's JSON columns come back as `json`
 * with their `json_valid` check hidden, and an index MySQL made only to back a foreign key is
 * left out, so both servers read alike.
 *
 * @example
 * ```ts
 * const model = assembleMysqlTable(row, rowsOf(row.name), "app", "mariadb");
 * ```
 */
export function assembleMysqlTable(
  table: TableRow,
  rows: MysqlTableRows,
  database: string,
  flavor: MysqlFlavor,
): TableModel {
  const jsonColumns = new Set(rows.checks.flatMap((c) => jsonCheckColumn(c.clause, c.level) ?? []));
  const { primary, uniques, indexes } = keysOf(rows.statistics);
  const foreignKeys = foreignKeysOf(rows.foreignKeys, database);
  const checks: CheckModel[] = rows.checks
    .filter((c) => jsonCheckColumn(c.clause, c.level) === undefined)
    .map((c) => ({ name: c.name, expression: c.clause, validated: true }));
  return {
    schema: database,
    name: table.name,
    columns: rows.columns.map((c) => toColumn(c, flavor, table.collation, jsonColumns)),
    primaryKey: primary === undefined ? null : { name: "PRIMARY", columns: primary },
    uniques,
    foreignKeys,
    checks,
    indexes: withoutRedundantFkIndexes(indexes, foreignKeys, [
      ...(primary === undefined ? [] : [primary]),
      ...uniques.map((u) => u.columns),
    ]),
    comment: table.comment === "" ? null : table.comment,
  };
}

/** The primary key's columns, unique constraints and plain indexes, from STATISTICS rows. */
function keysOf(statistics: readonly StatisticsRow[]): {
  primary: string[] | undefined;
  uniques: UniqueModel[];
  indexes: IndexModel[];
} {
  const byIndex = groupBy(statistics, (r) => r.name);
  const primary = byIndex.get("PRIMARY")?.map((r) => r.column_name ?? "");
  const uniques: UniqueModel[] = [];
  const indexes: IndexModel[] = [];
  for (const [name, parts] of byIndex) {
    if (name === "PRIMARY") continue;
    const model = toIndexOrUnique(name, parts);
    if ("keys" in model) indexes.push(model);
    else uniques.push(model);
  }
  return { primary, uniques, indexes };
}

/** Foreign keys from KEY_COLUMN_USAGE/REFERENTIAL_CONSTRAINTS rows (one row per column). */
function foreignKeysOf(rows: readonly ForeignKeyRow[], database: string): ForeignKeyModel[] {
  return [...groupBy(rows, (r) => r.name)].map(([name, parts]) => ({
    name,
    columns: parts.map((r) => r.column_name),
    referencedSchema: parts[0]?.ref_schema ?? database,
    referencedTable: parts[0]?.ref_table ?? "",
    referencedColumns: parts.map((r) => r.ref_column),
    onUpdate: toAction(parts[0]?.on_update ?? ""),
    onDelete: toAction(parts[0]?.on_delete ?? ""),
    match: "simple",
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
  }));
}
