import { is, Relations, Table } from "drizzle-orm";
import type { MySqlTable } from "drizzle-orm/mysql-core";
import type { PgEnum, PgSchema, PgSequence, PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { CoreFamily } from "./dialect-cores.js";
import { isEntityOf, isPgEnumObject } from "./entity-kinds.js";
import type { DrizzleCasing } from "./sql-fragment.js";

/**
 * The schema objects found among a user's module exports, classified by drizzle entity kind
 * (what drizzle's own `is()` / `isPg*()` decide; never `instanceof`, which breaks when the user's
 * drizzle-orm is another copy than ours), without loading any dialect core. Each object appears
 * once even when several modules export it.
 *
 * @example
 * ```ts
 * const collected = collectDrizzleSchema([await import("./db/schema.js")]);
 * collected.tables.length; // 12
 * ```
 */
export interface DrizzleSchemaExports {
  /** `pgTable` / `pgSchema().table` tables. */
  readonly pgTables: readonly PgTable[];
  /** `mysqlTable` tables. */
  readonly mysqlTables: readonly MySqlTable[];
  /** `sqliteTable` tables. */
  readonly sqliteTables: readonly SQLiteTable[];
  /** `pgEnum` / `pgSchema().enum` enums (exported ones only, like drizzle-kit). */
  readonly enums: readonly PgEnum<[string, ...string[]]>[];
  /** `pgSchema("name")` declarations. */
  readonly schemas: readonly PgSchema[];
  /** `pgSequence` / `pgSchema().sequence` sequences. */
  readonly sequences: readonly PgSequence[];
  /** Counts: `relations()` are left out of the model; views are counted here and read from `unmanaged`. */
  readonly ignored: { readonly views: number; readonly relations: number };
  /**
   * Exported views, materialized views, roles and policies: read into the model by
   * view-and-policy-model.ts, and what athanor cannot manage (roles not marked `.existing()`)
   * named by {@link refuseUnmanagedObjects}, since nothing in the models may be ignored silently.
   */
  readonly unmanaged?: readonly unknown[] | undefined;
  /**
   * How columns named only by their key are named in the database, as the application's
   * `drizzle({ casing })` and drizzle-kit's `casing` say (`firstName` → `first_name` with
   * `"snake_case"`); read by `drizzleToSchemaModel` when its options give none.
   */
  readonly casing?: DrizzleCasing | undefined;
}

/**
 * Sorts the exported values of one or more modules into tables, enums, schemas and
 * sequences; views, roles and policies go to `unmanaged`. `relations()` are counted and ignored (they have no place in the
 * schema model yet); anything else is skipped silently, as drizzle-kit does.
 *
 * @example
 * ```ts
 * import * as schema from "./schema.js";
 * const { pgTables, enums } = collectDrizzleSchema([schema]);
 * ```
 */
const VIEW_KINDS = ["PgView", "PgMaterializedView", "MySqlView"];
const OTHER_UNMANAGED_KINDS = ["PgRole", "PgPolicy", "SQLiteView"];

export function collectDrizzleSchema(
  modules: readonly Readonly<Record<string, unknown>>[],
): DrizzleSchemaExports {
  const seen = new Set<unknown>();
  const pgTables: PgTable[] = [];
  const mysqlTables: MySqlTable[] = [];
  const sqliteTables: SQLiteTable[] = [];
  const enums: PgEnum<[string, ...string[]]>[] = [];
  const schemas: PgSchema[] = [];
  const sequences: PgSequence[] = [];
  const unmanaged: unknown[] = [];
  let views = 0;
  let relations = 0;
  for (const module of modules) {
    for (const value of Object.values(module)) {
      if (value === null || (typeof value !== "object" && typeof value !== "function")) continue;
      if (seen.has(value)) continue;
      seen.add(value);
      if (isEntityOf<PgTable>(value, "PgTable")) pgTables.push(value);
      else if (isEntityOf<MySqlTable>(value, "MySqlTable")) mysqlTables.push(value);
      else if (isEntityOf<SQLiteTable>(value, "SQLiteTable")) sqliteTables.push(value);
      // A pg enum is a function object, so it has no entity kind; drizzle marks it instead.
      else if (isPgEnumObject(value)) enums.push(value);
      else if (isEntityOf<PgSchema>(value, "PgSchema")) schemas.push(value);
      else if (isEntityOf<PgSequence>(value, "PgSequence")) sequences.push(value);
      else if (VIEW_KINDS.some((kind) => isEntityOf(value, kind))) {
        views++;
        unmanaged.push(value);
      } else if (OTHER_UNMANAGED_KINDS.some((kind) => isEntityOf(value, kind))) unmanaged.push(value);
      else if (is(value, Relations)) relations++;
      else if (is(value, Table)) continue; // another dialect's table (singlestore, gel): not ours
    }
  }
  return {
    pgTables,
    mysqlTables,
    sqliteTables,
    enums,
    schemas,
    sequences,
    ignored: { views, relations },
    unmanaged,
  };
}

/**
 * The drizzle-orm dialect cores the collected objects need (see dialect-cores.ts).
 *
 * @example
 * ```ts
 * coreFamiliesOf(collectDrizzleSchema([schema])); // ["sqlite"]
 * ```
 */
export function coreFamiliesOf(collected: DrizzleSchemaExports): CoreFamily[] {
  const families = new Set<CoreFamily>();
  if (
    collected.pgTables.length +
      collected.enums.length +
      collected.schemas.length +
      collected.sequences.length >
    0
  )
    families.add("pg");
  if (collected.mysqlTables.length > 0) families.add("mysql");
  if (collected.sqliteTables.length > 0) families.add("sqlite");
  for (const value of collected.unmanaged ?? []) {
    if (isEntityOf(value, "MySqlView")) families.add("mysql");
    else if (isEntityOf(value, "SQLiteView")) families.add("sqlite");
    else families.add("pg");
  }
  return [...families];
}
