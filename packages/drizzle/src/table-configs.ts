import type { MySqlTable, getTableConfig as mysqlConfigOf } from "drizzle-orm/mysql-core";
import type { PgTable, getTableConfig as pgConfigOf } from "drizzle-orm/pg-core";
import type { SQLiteTable, getTableConfig as sqliteConfigOf } from "drizzle-orm/sqlite-core";
import { mysqlCore, pgCore, sqliteCore } from "./dialect-cores.js";
import { drizzleTableName, runModelCallback } from "./user-callback.js";

// drizzle's getTableConfig runs the table's extra-config callback (indexes, checks, foreign keys,
// policies) and builds every object anew on each call. Reading one model asks for a table's
// config ~5 times (the table, each foreign key's target, the enum scan, the property audit, the
// unmanaged-object scan): ~0.4 s of CPU at 1,000 tables. A table is immutable once defined, so
// its config is built once per table object.
function builtOnce<Table extends object, Config>(build: (table: Table) => Config): (table: Table) => Config {
  const built = new WeakMap<Table, Config>();
  return (table) => {
    let config = built.get(table);
    if (config === undefined) {
      config = runModelCallback(
        drizzleTableName(table),
        "its extra config (the indexes, checks and foreign keys callback)",
        () => build(table),
      );
      built.set(table, config);
    }
    return config;
  };
}

/**
 * `getTableConfig` of a pg-core table, built once per table object.
 *
 * @example
 * ```ts
 * pgTableConfig(users).columns.length; // 3
 * ```
 */
export const pgTableConfig: (table: PgTable) => ReturnType<typeof pgConfigOf> = builtOnce((table) =>
  pgCore().getTableConfig(table),
);

/**
 * `getTableConfig` of a mysql-core table, built once per table object.
 *
 * @example
 * ```ts
 * mysqlTableConfig(orders).name; // "orders"
 * ```
 */
export const mysqlTableConfig: (table: MySqlTable) => ReturnType<typeof mysqlConfigOf> = builtOnce((table) =>
  mysqlCore().getTableConfig(table),
);

/**
 * `getTableConfig` of a sqlite-core table, built once per table object.
 *
 * @example
 * ```ts
 * sqliteTableConfig(notes).name; // "notes"
 * ```
 */
export const sqliteTableConfig: (table: SQLiteTable) => ReturnType<typeof sqliteConfigOf> = builtOnce(
  (table) => sqliteCore().getTableConfig(table),
);
