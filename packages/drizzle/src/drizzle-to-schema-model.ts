import type { EnumModel, SchemaModel, SequenceModel, TableModel } from "@athanor/core";
import { AthanorError, normalizeSchemaModel } from "@athanor/core";
import type { PgArray, PgEnum } from "drizzle-orm/pg-core";
import type { DrizzleSchemaExports } from "./collect-drizzle-schema.js";
import { isEntityOf, isPgEnumObject } from "./entity-kinds.js";
import { knownDrizzleDialect } from "./known-drizzle-dialect.js";
import { mysqlTableToModel } from "./mysql-table-model.js";
import { resolveSequenceOptions } from "./pg-column-model.js";
import { pgTableToModel } from "./pg-table-model.js";
import type { DrizzleCasing } from "./sql-fragment.js";
import { SQLITE_SCHEMA, sqliteTableToModel } from "./sqlite-table-model.js";
import { pgTableConfig } from "./table-configs.js";
import { refuseUnmanagedObjects } from "./unmanaged-objects.js";
import {
  mysqlViewsToModel,
  pgTableSecurity,
  pgViewsToModel,
  sqliteViewsToModel,
} from "./view-and-policy-model.js";

/**
 * Options of {@link drizzleToSchemaModel}. MySQL needs the database name: it is the schema of
 * every table that does not name one, as the introspector reports it.
 */
export type DrizzleToSchemaModelOptions =
  | { readonly dialect: "postgresql"; readonly casing?: DrizzleCasing }
  | { readonly dialect: "mysql"; readonly database: string; readonly casing?: DrizzleCasing }
  | { readonly dialect: "sqlite"; readonly casing?: DrizzleCasing };

const isMySqlView = (value: unknown) => isEntityOf(value, "MySqlView");

function rejectDuplicates(
  items: readonly { readonly schema: string; readonly name: string }[],
  what: string,
): void {
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.schema}.${item.name}`;
    if (seen.has(key)) {
      throw new AthanorError(
        "ATHANOR_SCHEMA_INVALID",
        `Two different ${what} objects in the Drizzle schema are both named ${JSON.stringify(key)}. Rename one, or export the same object from both modules.`,
        { what, schema: item.schema, name: item.name },
      );
    }
    seen.add(key);
  }
}

function pgModel(collected: DrizzleSchemaExports, casing: DrizzleCasing | undefined): SchemaModel {
  const tables: TableModel[] = [];
  const sequences: SequenceModel[] = [];
  const enumObjects = new Set<PgEnum<[string, ...string[]]>>(collected.enums);
  const objects = collected.unmanaged ?? [];
  for (const table of collected.pgTables) {
    const reading = pgTableToModel(table, casing);
    tables.push({ ...reading.table, ...pgTableSecurity(table, objects, casing) });
    sequences.push(...reading.sequences);
  }
  // An enum used by a column but not exported is still needed to create the column.
  for (const table of collected.pgTables) {
    for (const column of pgTableConfig(table).columns) {
      let element: unknown = column;
      while (isEntityOf<PgArray<never, never>>(element, "PgArray")) element = element.baseColumn;
      const used = (element as { enum?: unknown }).enum;
      if (isPgEnumObject(used)) enumObjects.add(used);
    }
  }
  const enums: EnumModel[] = [...enumObjects].map((e) => ({
    schema: e.schema ?? "public",
    name: e.enumName,
    values: [...e.enumValues],
  }));
  for (const s of collected.sequences) {
    sequences.push({
      schema: s.schema ?? "public",
      name: s.seqName ?? "",
      ...resolveSequenceOptions("bigint", s.seqOptions),
      ownedBy: null,
    });
  }
  rejectDuplicates(tables, "table");
  rejectDuplicates(enums, "enum");
  rejectDuplicates(sequences, "sequence");
  const views = pgViewsToModel(objects, casing);
  // A view and a table share one namespace in PostgreSQL.
  rejectDuplicates([...tables, ...views], "table or view");
  const schemas = [
    ...collected.schemas.map((s) => s.schemaName),
    ...[...tables, ...enums, ...sequences, ...views].map((o) => o.schema),
  ];
  return normalizeSchemaModel({ schemas, tables, enums, sequences, views });
}

/**
 * Reads collected Drizzle schema objects into the dialect-neutral {@link SchemaModel}, named
 * and shaped as drizzle-kit creates them. Text the database re-renders (types, defaults,
 * expressions) is still as drizzle wrote it: pass the result through
 * `canonicalizeSchemaModel` before comparing it with an introspected model.
 *
 * @example
 * ```ts
 * const model = drizzleToSchemaModel(collectDrizzleSchema([schema]), { dialect: "postgresql" });
 * const mysqlModel = drizzleToSchemaModel(collected, { dialect: "mysql", database: "app" });
 * const sqliteModel = drizzleToSchemaModel(collected, { dialect: "sqlite" }); // tables in "main"
 * ```
 */
export function drizzleToSchemaModel(
  collected: DrizzleSchemaExports,
  options: DrizzleToSchemaModelOptions,
): SchemaModel {
  refuseUnmanagedObjects(collected);
  const casing = options.casing ?? collected.casing;
  const objects = collected.unmanaged ?? [];
  knownDrizzleDialect(options.dialect); // anything else is refused, not read as MySQL
  if (options.dialect === "postgresql") {
    if (collected.mysqlTables.length > 0 || objects.some(isMySqlView))
      throw mixed("mysql-core", "postgresql");
    if (collected.sqliteTables.length > 0) throw mixed("sqlite-core", "postgresql");
    return pgModel(collected, casing);
  }
  if (options.dialect === "sqlite") return sqliteModel(collected, casing);
  if (collected.sqliteTables.length > 0) throw mixed("sqlite-core", "mysql");
  if (collected.pgTables.length > 0 || collected.enums.length > 0 || objects.some((o) => !isMySqlView(o)))
    throw mixed("pg-core", "mysql");
  const tables = collected.mysqlTables.map((t) => mysqlTableToModel(t, options.database, casing));
  const views = mysqlViewsToModel(objects, options.database, casing);
  rejectDuplicates([...tables, ...views], "table or view");
  return normalizeSchemaModel({
    schemas: [options.database, ...tables.map((t) => t.schema), ...views.map((v) => v.schema)],
    tables,
    enums: [],
    sequences: [],
    views,
  });
}

function sqliteModel(collected: DrizzleSchemaExports, casing: DrizzleCasing | undefined): SchemaModel {
  if (collected.pgTables.length > 0 || collected.enums.length > 0 || collected.sequences.length > 0)
    throw mixed("pg-core", "sqlite");
  if (collected.mysqlTables.length > 0 || (collected.unmanaged ?? []).some(isMySqlView))
    throw mixed("mysql-core", "sqlite");
  const tables = collected.sqliteTables.map((t) => sqliteTableToModel(t, casing));
  const views = sqliteViewsToModel(collected.unmanaged ?? [], casing);
  rejectDuplicates(tables, "table");
  // Tables, views and indexes are one namespace per database file.
  rejectDuplicates([...tables, ...views], "table or view");
  rejectDuplicates(
    tables.flatMap((t) => t.indexes.map((i) => ({ schema: SQLITE_SCHEMA, name: i.name }))),
    "index",
  );
  return normalizeSchemaModel({ schemas: [SQLITE_SCHEMA], tables, enums: [], sequences: [], views });
}

function mixed(found: string, dialect: string): AthanorError {
  return new AthanorError(
    "ATHANOR_SCHEMA_INVALID",
    `The Drizzle schema contains ${found} objects but the dialect is ${dialect}. Point \`schema\` only at modules of one dialect.`,
    { found, dialect },
  );
}
