import type { DrizzleSchemaExports } from "../collect-drizzle-schema.js";
import { columnNamer } from "../naming.js";
import type { DrizzleCasing } from "../sql-fragment.js";
import { mysqlTableConfig, pgTableConfig, sqliteTableConfig } from "../table-configs.js";
import type { PropertyWarning } from "./property-warning.js";
import { auditViewProperties } from "./view-property-audit.js";

/**
 * Keys of a drizzle column's `config` that reach the model and are compared: directly
 * (nullability, default, keys, generation, identity, ON UPDATE) or through the column's type
 * text (length, precision, unsigned, fsp, enum values...), which the database prints.
 */
const COMPARED_COLUMN_KEYS = new Set([
  "name",
  "notNull",
  "hasDefault",
  "default",
  "primaryKey",
  "isUnique",
  "uniqueName",
  "uniqueType",
  "generated",
  "generatedIdentity",
  "autoIncrement",
  "hasOnUpdateNow",
  // part of the type text
  "dataType",
  "columnType",
  "length",
  "precision",
  "scale",
  "unsigned",
  "fsp",
  "enumValues",
  "enum",
  "baseBuilder",
  "size",
  "dimensions",
  "withTimezone",
  "textType",
  "fields",
  "intervalConfig", // pg interval's { fields, precision }: getSQLType prints both
  "customTypeParams",
  "fieldConfig", // a customType's config: its dataType(config) makes the type text
  "sqlName",
  "isLengthExact",
]);

/** Keys that only shape what the application sees; the database never holds them. */
const APPLICATION_COLUMN_KEYS = new Set(["keyAsName", "defaultFn", "onUpdateFn", "mode", "type"]);

/** Index options that are build-time hints: the server keeps no trace of them to compare. */
const INDEX_BUILD_HINTS: Readonly<Record<string, string>> = {
  concurrently: "a build option (the revision decides how an index is built)",
  algorithm:
    "a MySQL/MariaDB online-DDL hint the server does not keep (set `algorithm` in the dialect options)",
  lock: "a MySQL/MariaDB online-DDL hint the server does not keep (set `lock` in the dialect options)",
};
// `only` is set by drizzle-orm 0.45's pg `.using()` on every such index (ON ONLY is for
// partitioned tables, which athanor does not model), so it carries no choice of the user's.
const COMPARED_INDEX_KEYS = new Set([
  "only",
  "name",
  "columns",
  "unique",
  "table",
  "using",
  "method",
  "where",
  "with",
]);

function isSet(value: unknown): boolean {
  return value !== undefined && value !== false && value !== null;
}

interface TableLike {
  readonly schema: string | undefined;
  readonly name: string;
  readonly columns: readonly {
    readonly name: string;
    readonly keyAsName: boolean;
    readonly config?: object;
  }[];
  readonly indexes: readonly { readonly config: object }[];
}

function auditTable(table: TableLike, casing: DrizzleCasing | undefined, out: PropertyWarning[]): void {
  const nameOf = columnNamer(casing);
  const where = { schema: table.schema ?? null, table: table.name };
  for (const column of table.columns) {
    const config = (column.config ?? {}) as Record<string, unknown>;
    // keys first: the known ones (most) are passed over without reading or pairing their values
    for (const key of Object.keys(config)) {
      if (COMPARED_COLUMN_KEYS.has(key) || APPLICATION_COLUMN_KEYS.has(key) || !isSet(config[key])) continue;
      out.push({
        ...where,
        column: nameOf(column),
        property: key,
        reason: "athanor does not know this column property, so it is neither written nor compared",
      });
    }
  }
  for (const index of table.indexes) {
    const config = index.config as Record<string, unknown>;
    const name = typeof config.name === "string" ? config.name : "(unnamed)";
    for (const [key, value] of Object.entries(config)) {
      if (!isSet(value) || COMPARED_INDEX_KEYS.has(key)) continue;
      out.push({
        ...where,
        index: name,
        property: key,
        reason:
          INDEX_BUILD_HINTS[key] ??
          "athanor does not know this index property, so it is neither written nor compared",
      });
    }
  }
}

/**
 * Every property set in the Drizzle tables that athanor does not compare: unknown column or
 * index options (a newer drizzle-orm, a custom builder) and build-time hints the server keeps
 * no trace of. A property that is neither compared nor listed here cannot exist: the lists
 * above are the whole vocabulary.
 *
 * @example
 * ```ts
 * auditDrizzleProperties(collectDrizzleSchema([schema]));
 * // [{ table: "t", index: "t_v_idx", property: "lock", reason: "a MySQL online-DDL hint ..." }]
 * ```
 */
export function auditDrizzleProperties(
  collected: DrizzleSchemaExports,
  casing: DrizzleCasing | undefined = collected.casing,
): PropertyWarning[] {
  const out: PropertyWarning[] = [];
  for (const t of collected.pgTables) auditTable(pgTableConfig(t) as unknown as TableLike, casing, out);
  for (const t of collected.mysqlTables) auditTable(mysqlTableConfig(t) as unknown as TableLike, casing, out);
  for (const t of collected.sqliteTables)
    auditTable({ schema: undefined, ...sqliteTableConfig(t) } as unknown as TableLike, casing, out);
  out.push(...auditViewProperties(collected));
  return out;
}
