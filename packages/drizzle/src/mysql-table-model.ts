import type { ColumnModel, IndexKeyModel, IndexModel, TableModel, UniqueModel } from "@athanor/core";
import { type Column, is, SQL } from "drizzle-orm";
import type { MySqlColumn, MySqlTable } from "drizzle-orm/mysql-core";
import { columnDefault } from "./default-literal.js";
import { columnNamer } from "./naming.js";
import { type DrizzleCasing, renderSqlFragment, renderSqlish, sqlStringLiteral } from "./sql-fragment.js";
import { mysqlTableConfig } from "./table-configs.js";
import { tableConstraints } from "./table-constraints.js";

/**
 * The SQL type of a mysql-core column. `serial` is spelled out as the database stores it
 * (`bigint unsigned`; its NOT NULL, AUTO_INCREMENT and UNIQUE are added by the caller), an
 * inline ENUM has its values quoted properly (drizzle writes them between bare quotes), and
 * spaces inside type arguments are removed.
 *
 * @example
 * ```ts
 * mysqlColumnType(getTableConfig(orders).columns[0]); // "bigint unsigned"
 * ```
 */
export function mysqlColumnType(column: MySqlColumn): string {
  const sqlType = column.getSQLType();
  if (sqlType === "serial") return "bigint unsigned";
  if (/^enum\(/i.test(sqlType) && Array.isArray(column.enumValues)) {
    return `enum(${column.enumValues.map((v) => sqlStringLiteral(String(v), "mysql")).join(",")})`;
  }
  // most types have no parameters: nothing to respace
  if (!sqlType.includes("(")) return sqlType;
  return sqlType.replace(/\s+\(/g, "(").replace(/\(\s*(\d+)\s*,\s*(\d+)\s*\)/g, "($1,$2)");
}

function columnOf(column: MySqlColumn, name: string, casing: DrizzleCasing | undefined): ColumnModel {
  const serial = column.getSQLType() === "serial";
  // `autoIncrement` lives on the integer column classes only, not on the MySqlColumn type.
  const autoIncrement = serial || (column as { autoIncrement?: boolean }).autoIncrement === true;
  const generated = column.generated;
  return {
    name,
    type: mysqlColumnType(column),
    nullable: !(column.notNull || column.primary || serial),
    default: autoIncrement || generated !== undefined ? null : columnDefault(column, "mysql", casing),
    identity: autoIncrement ? { generation: "byDefault", sequence: null } : null,
    generated:
      generated === undefined
        ? null
        : {
            expression: renderSqlish(generated.as, "mysql", casing),
            storage: generated.mode === "stored" ? "stored" : "virtual",
          },
    comment: null,
    collation: null,
    onUpdate: onUpdateOf(column),
  };
}

/**
 * `.onUpdateNow()` as the clause MySQL accepts: `CURRENT_TIMESTAMP` with the column's
 * fractional-seconds precision (a `timestamp(3)` column refuses a bare `CURRENT_TIMESTAMP`).
 */
function onUpdateOf(column: MySqlColumn): string | null {
  const { hasOnUpdateNow, fsp } = column as { hasOnUpdateNow?: boolean; fsp?: number };
  if (hasOnUpdateNow !== true) return null;
  return fsp === undefined || fsp === 0 ? "CURRENT_TIMESTAMP" : `CURRENT_TIMESTAMP(${fsp})`;
}

/**
 * Reads one mysql-core table into the model, in database `database` (unless the table names
 * its own schema). `serial` adds the unique key MySQL creates for it (named after the
 * column); the primary key is always `PRIMARY`. `.onUpdateNow()` becomes the column's
 * `onUpdate`.
 *
 * @example
 * ```ts
 * mysqlTableToModel(users, "app").primaryKey; // { name: "PRIMARY", columns: ["id"] }
 * ```
 */
export function mysqlTableToModel(table: MySqlTable, database: string, casing?: DrizzleCasing): TableModel {
  const config = mysqlTableConfig(table);
  const nameOf = columnNamer(casing);
  const columns = config.columns.map((c) => columnOf(c, nameOf(c), casing));
  const serialKeys = config.columns
    .filter((c) => c.getSQLType() === "serial")
    .map(
      (c): UniqueModel => ({
        name: nameOf(c),
        columns: [nameOf(c)],
        nullsNotDistinct: false,
        deferrable: false,
        initiallyDeferred: false,
      }),
    );
  const constraints = tableConstraints(config, {
    dialect: "mysql",
    casing,
    inlinePrimaryKeyName: () => "PRIMARY",
    tableName: (t) => {
      const target = mysqlTableConfig(t as MySqlTable);
      return { schema: target.schema ?? database, name: target.name };
    },
  });
  const indexes = config.indexes.map(({ config: ix }): IndexModel => {
    const keys = ix.columns.map((key): IndexKeyModel => {
      // MySQL sorts NULLs first in ascending keys; the model always states it.
      const ordering = { order: "asc", nulls: "first", opclass: null } as const;
      if (is(key, SQL))
        return { kind: "expression", expression: renderSqlFragment(key, "mysql", casing), ...ordering };
      return { kind: "column", column: nameOf(key as Column), ...ordering };
    });
    return {
      name: ix.name,
      unique: ix.unique ?? false,
      method: ix.using ?? "btree",
      keys,
      include: [],
      where: null,
      nullsNotDistinct: false,
      with: [],
      valid: true,
    };
  });
  return {
    schema: config.schema ?? database,
    name: config.name,
    columns,
    ...constraints,
    uniques: [...serialKeys, ...constraints.uniques],
    indexes,
    comment: null,
  };
}
