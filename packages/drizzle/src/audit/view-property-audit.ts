import type { MySqlView } from "drizzle-orm/mysql-core";
import type { PgMaterializedView, PgView } from "drizzle-orm/pg-core";
import type { SQLiteView } from "drizzle-orm/sqlite-core";
import type { DrizzleSchemaExports } from "../collect-drizzle-schema.js";
import { mysqlCore, pgCore, sqliteCore } from "../dialect-cores.js";
import { isEntityOf } from "../entity-kinds.js";
import type { PropertyWarning } from "./property-warning.js";

/**
 * Keys of a drizzle view's config that reach the model (view-and-policy-model.ts) or that are
 * refused by name (unmanaged-objects.ts); `selectedFields` and `isAlias` only shape what the
 * application sees. A key outside this list (a newer drizzle-orm's) is reported, not passed over.
 */
const KNOWN_VIEW_KEYS = new Set([
  "name",
  "originalName",
  "schema",
  "selectedFields",
  "isExisting",
  "isAlias",
  "query",
  "with",
  "using",
  "tablespace",
  "withNoData",
  "algorithm",
  "sqlSecurity",
  "withCheckOption",
]);

/**
 * Options of managed views that athanor neither compares nor refuses, as warnings.
 *
 * @example
 * ```ts
 * auditViewProperties(collected); // [] with drizzle-orm 0.45
 * ```
 */
export function auditViewProperties(collected: DrizzleSchemaExports): PropertyWarning[] {
  const out: PropertyWarning[] = [];
  for (const value of collected.unmanaged ?? []) {
    const config: Record<string, unknown> | undefined = isEntityOf<PgMaterializedView>(
      value,
      "PgMaterializedView",
    )
      ? pgCore().getMaterializedViewConfig(value)
      : isEntityOf<PgView>(value, "PgView")
        ? pgCore().getViewConfig(value)
        : isEntityOf<MySqlView>(value, "MySqlView")
          ? mysqlCore().getViewConfig(value)
          : isEntityOf<SQLiteView>(value, "SQLiteView")
            ? sqliteCore().getViewConfig(value)
            : undefined;
    if (config !== undefined) out.push(...unknownViewOptions(config));
  }
  return out;
}

/**
 * The warnings for one view's config: every set key outside the known ones.
 *
 * @example
 * ```ts
 * unknownViewOptions({ name: "v", securityLabel: "x" }); // [{ table: "v", view: true, property: "securityLabel", ... }]
 * ```
 */
export function unknownViewOptions(config: Readonly<Record<string, unknown>>): PropertyWarning[] {
  if (config.isExisting === true) return [];
  return Object.entries(config)
    .filter(([key, set]) => !KNOWN_VIEW_KEYS.has(key) && set !== undefined && set !== null && set !== false)
    .map(([key]) => ({
      schema: typeof config.schema === "string" ? config.schema : null,
      table: String(config.name),
      view: true,
      property: key,
      reason: "a view option athanor does not know, so it is not compared",
    }));
}
