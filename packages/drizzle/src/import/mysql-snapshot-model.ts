import type { ColumnModel, IndexModel, SchemaModel, TableModel, UniqueModel } from "@athanor/core";
import { normalizeSchemaModel } from "@athanor/core";
import { type KitTableKeys, kitChecks, kitForeignKeys } from "./kit-snapshot-keys.js";
import { type KitView, snapshotViews } from "./snapshot-views.js";

// The subset of drizzle-kit's MySQL snapshot (version 5) that the model needs.
interface KitColumn {
  name: string;
  type: string;
  primaryKey?: boolean;
  notNull?: boolean;
  autoincrement?: boolean;
  default?: string | number | boolean;
  generated?: { as: string; type?: string };
  onUpdate?: boolean;
}
interface KitTable extends KitTableKeys {
  name: string;
  schema?: string;
  columns: Record<string, KitColumn>;
  indexes?: Record<string, { name: string; columns: string[]; isUnique: boolean; using?: string }>;
  checkConstraint?: Record<string, { name: string; value: string }>;
}
/** drizzle-kit's MySQL snapshot, version 5 (what 0.2x–0.31 write). */
export interface MysqlKitSnapshot {
  version: string;
  dialect: string;
  tables: Record<string, KitTable>;
  views?: Record<string, KitView>;
}

/** A bare identifier or a backquoted one: an index key that names a column, not an expression. */
const COLUMN_KEY = /^(?:[A-Za-z_][\w$]*|`(?:[^`]|``)+`)$/;

function columnOf(column: KitColumn): ColumnModel {
  const serial = column.type === "serial";
  const autoIncrement = serial || column.autoincrement === true;
  return {
    name: column.name,
    // MySQL stores `serial` as BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
    type: serial
      ? "bigint unsigned"
      : column.type.replace(/\s+\(/g, "(").replace(/\(\s*(\d+)\s*,\s*(\d+)\s*\)/g, "($1,$2)"),
    nullable: !(column.notNull === true || column.primaryKey === true || serial),
    default:
      autoIncrement || column.generated !== undefined || column.default === undefined
        ? null
        : String(column.default),
    identity: autoIncrement ? { generation: "byDefault", sequence: null } : null,
    generated:
      column.generated === undefined
        ? null
        : {
            expression: column.generated.as,
            storage: column.generated.type === "stored" ? "stored" : "virtual",
          },
    comment: null,
    collation: null,
    onUpdate: column.onUpdate === true ? "CURRENT_TIMESTAMP" : null,
  };
}

function uniqueOf(name: string, columns: readonly string[]): UniqueModel {
  return { name, columns, nullsNotDistinct: false, deferrable: false, initiallyDeferred: false };
}

function tableOf(table: KitTable, database: string): TableModel {
  const kitColumns = Object.values(table.columns);
  const inlineKey = kitColumns.filter((c) => c.primaryKey === true).map((c) => c.name);
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  const keyColumns = composite?.columns ?? inlineKey;
  const indexes = Object.values(table.indexes ?? {}).map(
    (ix): IndexModel => ({
      name: ix.name,
      unique: ix.isUnique,
      method: ix.using ?? "btree",
      keys: ix.columns.map((key) => {
        // MySQL sorts NULLs first in ascending keys; the model always states it.
        const ordering = { order: "asc", nulls: "first", opclass: null } as const;
        return COLUMN_KEY.test(key)
          ? { kind: "column", column: key.replace(/^`|`$/g, "").replaceAll("``", "`"), ...ordering }
          : { kind: "expression", expression: key, ...ordering };
      }),
      include: [],
      where: null,
      nullsNotDistinct: false,
      with: [],
      valid: true,
    }),
  );
  return {
    schema: database,
    name: table.name,
    columns: kitColumns.map(columnOf),
    // MySQL names every primary key PRIMARY, whatever the DDL called it.
    primaryKey: keyColumns.length > 0 ? { name: "PRIMARY", columns: keyColumns } : null,
    uniques: [
      ...kitColumns.filter((c) => c.type === "serial").map((c) => uniqueOf(c.name, [c.name])),
      ...Object.values(table.uniqueConstraints ?? {}).map((u) => uniqueOf(u.name, u.columns)),
    ],
    foreignKeys: kitForeignKeys(table.foreignKeys, () => database),
    checks: kitChecks(table.checkConstraint),
    indexes,
    comment: null,
  };
}

/**
 * A drizzle-kit MySQL snapshot (version 5) as a schema model of database `database`, spelled
 * the way the snapshot spells it, so two snapshots of one history diff into the operations
 * between them. `serial` becomes BIGINT UNSIGNED with AUTO_INCREMENT and its own unique key,
 * and every primary key is named `PRIMARY`, as MySQL does.
 *
 * @example
 * ```ts
 * const model = mysqlSnapshotToSchemaModel(snapshot, "app");
 * model.tables[0]?.primaryKey; // { name: "PRIMARY", columns: ["id"] }
 * ```
 */
export function mysqlSnapshotToSchemaModel(snapshot: MysqlKitSnapshot, database: string): SchemaModel {
  return normalizeSchemaModel({
    schemas: [database],
    tables: Object.values(snapshot.tables).map((t) => tableOf(t, database)),
    enums: [],
    sequences: [],
    views: snapshotViews(snapshot.views, database),
  });
}
