import type { ColumnModel, IndexModel, SchemaModel, TableModel, UniqueModel } from "@athanor/core";
import { normalizeSchemaModel } from "@athanor/core";
import { type KitTableKeys, kitChecks, kitForeignKeys } from "./kit-snapshot-keys.js";

// The subset of drizzle-kit's SQLite snapshot (version 6, what 0.2x–0.31 write) the model needs.
interface KitColumn {
  name: string;
  type: string;
  primaryKey?: boolean;
  notNull?: boolean;
  autoincrement?: boolean;
  default?: string | number | boolean;
  generated?: { as: string; type?: string };
}
interface KitTable extends KitTableKeys {
  name: string;
  columns: Record<string, KitColumn>;
  indexes?: Record<string, { name: string; columns: string[]; isUnique: boolean; where?: string }>;
  checkConstraints?: Record<string, { name: string; value: string }>;
}
/** drizzle-kit's SQLite snapshot, version 6. */
export interface SqliteKitSnapshot {
  version: string;
  dialect: string;
  tables: Record<string, KitTable>;
  /** Which index keys are expressions: `internal.indexes[name].columns[key].isExpression`. */
  internal?: { indexes?: Record<string, { columns?: Record<string, { isExpression?: boolean }> }> };
}

const SCHEMA = "main";

// Kit keeps a JS default as JSON (`true`, `5`) and an SQL one as its text (`'free'`, `(unixepoch())`).
function defaultOf(value: KitColumn["default"]): string | null {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

function columnOf(column: KitColumn): ColumnModel {
  return {
    name: column.name,
    type: column.type.toLowerCase(),
    nullable: !(column.notNull === true || column.primaryKey === true),
    default: column.generated === undefined ? defaultOf(column.default) : null,
    identity: column.autoincrement === true ? { generation: "byDefault", sequence: null } : null,
    generated:
      column.generated === undefined
        ? null
        : {
            expression: column.generated.as.replace(/^\(([\s\S]*)\)$/, "$1"),
            storage: column.generated.type === "stored" ? "stored" : "virtual",
          },
    comment: null,
    collation: null,
    onUpdate: null,
  };
}

function tableOf(table: KitTable, internal: SqliteKitSnapshot["internal"]): TableModel {
  const columns = Object.values(table.columns);
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  const inline = columns.filter((c) => c.primaryKey === true).map((c) => c.name);
  const indexes = Object.values(table.indexes ?? {}).map((ix): IndexModel => {
    const expressions = internal?.indexes?.[ix.name]?.columns ?? {};
    return {
      name: ix.name,
      unique: ix.isUnique,
      method: "btree",
      keys: ix.columns.map((key) => {
        const ordering = { order: "asc", nulls: "first", opclass: null } as const;
        return expressions[key]?.isExpression === true
          ? { kind: "expression", expression: key, ...ordering }
          : { kind: "column", column: key, ...ordering };
      }),
      include: [],
      where: ix.where ?? null,
      nullsNotDistinct: false,
      with: [],
      valid: true,
    };
  });
  const uniques = Object.values(table.uniqueConstraints ?? {}).map(
    (u): UniqueModel => ({
      name: u.name,
      columns: u.columns,
      nullsNotDistinct: false,
      deferrable: false,
      initiallyDeferred: false,
    }),
  );
  return {
    schema: SCHEMA,
    name: table.name,
    columns: columns.map(columnOf),
    primaryKey:
      composite !== undefined
        ? { name: composite.name, columns: composite.columns }
        : inline.length > 0
          ? { name: `${table.name}_pkey`, columns: inline }
          : null,
    uniques,
    foreignKeys: kitForeignKeys(table.foreignKeys, () => SCHEMA),
    checks: kitChecks(table.checkConstraints),
    indexes,
    comment: null,
  };
}

/**
 * A drizzle-kit SQLite snapshot (version 6) as a SchemaModel in schema `main`, named as the
 * Drizzle reader names things (a column-level primary key `<table>_pkey`), so the differ can
 * compute a migration's downgrade from its snapshot pair.
 *
 * @example
 * ```ts
 * sqliteSnapshotToSchemaModel(JSON.parse(readFileSync("drizzle/meta/0001_snapshot.json", "utf8")));
 * ```
 */
export function sqliteSnapshotToSchemaModel(snapshot: SqliteKitSnapshot): SchemaModel {
  const tables = Object.values(snapshot.tables).map((t) => tableOf(t, snapshot.internal));
  return normalizeSchemaModel({ schemas: [SCHEMA], tables, enums: [], sequences: [] });
}
