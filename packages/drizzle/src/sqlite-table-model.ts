import type { ColumnModel, IndexKeyModel, IndexModel, TableModel } from "@athanor/core";
import { AthanorError, columnIndexModel } from "@athanor/core";
import { type Column, is, SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { columnDefault } from "./default-literal.js";
import { columnNamer } from "./naming.js";
import { type DrizzleCasing, renderSqlFragment, renderSqlish } from "./sql-fragment.js";
import { sqliteTableConfig } from "./table-configs.js";
import { tableConstraints } from "./table-constraints.js";

/** SQLite has one schema athanor migrates: the main database file. */
export const SQLITE_SCHEMA = "main";

function columnOf(column: SQLiteColumn, name: string, casing: DrizzleCasing | undefined): ColumnModel {
  // `autoIncrement` lives on the integer column classes only (`integer().primaryKey({ autoIncrement: true })`).
  const autoIncrement = (column as { autoIncrement?: boolean }).autoIncrement === true;
  const generated = column.generated;
  return {
    name,
    // `text(256)`, `integer`, `real`, `numeric`, `blob`: the declared type decides the affinity.
    type: column.getSQLType().toLowerCase(),
    nullable: !(column.notNull || column.primary),
    // A boolean/timestamp mode default is its driver value (1/0, epoch seconds or ms), as inserted.
    default: generated !== undefined ? null : columnDefault(column, "sqlite", casing),
    // AUTOINCREMENT: the rowid never reuses a number (sqlite_sequence), read back as an identity.
    identity: autoIncrement ? { generation: "byDefault", sequence: null } : null,
    generated:
      generated === undefined
        ? null
        : {
            expression: renderSqlish(generated.as, "sqlite", casing),
            storage: generated.mode === "stored" ? "stored" : "virtual",
          },
    comment: null,
    collation: null,
    onUpdate: null,
  };
}

/**
 * Reads one sqlite-core table into the model, in schema `main`. As drizzle-kit does on SQLite,
 * `.unique()` and `unique().on()` become unique **indexes** (`<table>_<cols>_unique`): SQLite
 * creates and drops a unique index directly, where a UNIQUE constraint needs a table rebuild. A
 * column-level primary key is named `<table>_pkey`; `primaryKey({ autoIncrement: true })` is the
 * column's identity (rendered `PRIMARY KEY AUTOINCREMENT`). Index keys ascend with NULLs first,
 * as SQLite sorts them.
 *
 * @example
 * ```ts
 * sqliteTableToModel(users).indexes[0]?.name; // "users_email_unique"
 * ```
 */
export function sqliteTableToModel(table: SQLiteTable, casing?: DrizzleCasing): TableModel {
  const config = sqliteTableConfig(table);
  const nameOf = columnNamer(casing);
  const columns = config.columns.map((c) => columnOf(c, nameOf(c), casing));
  const identities = columns.filter((c) => c.identity !== null);
  const constraints = tableConstraints(config, {
    dialect: "sqlite",
    casing,
    inlinePrimaryKeyName: (t) => `${t}_pkey`,
    tableName: (t) => ({ schema: SQLITE_SCHEMA, name: sqliteTableConfig(t as SQLiteTable).name }),
  });
  for (const column of identities) {
    const pk = constraints.primaryKey?.columns ?? [];
    if (pk.length !== 1 || pk[0] !== column.name || column.type !== "integer") {
      throw new AthanorError(
        "ATHANOR_SCHEMA_INVALID",
        `Column ${config.name}.${column.name} is AUTOINCREMENT, which SQLite allows only on the table's single-column INTEGER PRIMARY KEY.`,
        { table: config.name, column: column.name },
      );
    }
  }
  // drizzle-kit's names (`<table>_<cols>_unique`), as unique indexes.
  const uniques = constraints.uniques.map((u) => columnIndexModel(u.name, u.columns, true));
  const indexes = config.indexes.map(({ config: ix }): IndexModel => {
    const keys = ix.columns.map((key): IndexKeyModel => {
      const ordering = { order: "asc", nulls: "first", opclass: null } as const;
      if (is(key, SQL))
        return { kind: "expression", expression: renderSqlFragment(key, "sqlite", casing), ...ordering };
      return { kind: "column", column: nameOf(key as Column), ...ordering };
    });
    return {
      name: ix.name,
      unique: ix.unique,
      method: "btree",
      keys,
      include: [],
      where: ix.where === undefined ? null : renderSqlFragment(ix.where, "sqlite", casing),
      nullsNotDistinct: false,
      with: [],
      valid: true,
    };
  });
  return {
    schema: SQLITE_SCHEMA,
    name: config.name,
    columns,
    primaryKey: constraints.primaryKey,
    uniques: [],
    foreignKeys: constraints.foreignKeys,
    checks: constraints.checks,
    indexes: [...uniques, ...indexes],
    comment: null,
  };
}
