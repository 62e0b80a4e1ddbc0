import type { ForeignKeyAction, IndexKeyModel } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { toCamelCase, toSnakeCase } from "drizzle-orm/casing";
import type { DrizzleCasing } from "./sql-fragment.js";

/** Anything named like a column: a column, or an index's `IndexedColumn`. */
interface Named {
  readonly name: string;
  readonly keyAsName: boolean;
}

/**
 * The database name of a column: its declared name, or — when drizzle named it after its TS
 * key (`keyAsName`) — that key in the configured casing, as drizzle-kit does.
 *
 * @example
 * ```ts
 * columnNamer("snake_case")({ name: "createdAt", keyAsName: true }); // "created_at"
 * ```
 */
export function columnNamer(casing: DrizzleCasing | undefined): (column: Named) => string {
  return (column) => {
    if (!column.keyAsName || casing === undefined) return column.name;
    return casing === "camelCase" ? toCamelCase(column.name) : toSnakeCase(column.name);
  };
}

/**
 * drizzle's default constraint names: `<table>_<cols>_pk`, `<table>_<cols>_unique`,
 * `<table>_<cols>_<ftable>_<fcols>_fk`.
 *
 * @example
 * ```ts
 * defaultConstraintName("fk", "posts", ["author_id"], { table: "users", columns: ["id"] });
 * // "posts_author_id_users_id_fk"
 * ```
 */
export function defaultConstraintName(
  kind: "pk" | "unique" | "fk",
  table: string,
  columns: readonly string[],
  foreign?: { readonly table: string; readonly columns: readonly string[] },
): string {
  const chunks = [table, ...columns, ...(foreign === undefined ? [] : [foreign.table, ...foreign.columns])];
  return `${chunks.join("_")}_${kind}`;
}

/**
 * drizzle builds default names from the TS keys of `keyAsName` columns, before casing;
 * drizzle-kit then writes them with the cased column names. `actual` is recased only when it
 * is exactly the default built from the uncased names (an explicit name is kept as written).
 *
 * @example
 * ```ts
 * recaseDefaultName("t_userId_unique", "t_userId_unique", "t_user_id_unique"); // "t_user_id_unique"
 * ```
 */
export function recaseDefaultName(actual: string, uncasedDefault: string, casedDefault: string): string {
  return actual === uncasedDefault ? casedDefault : actual;
}

/**
 * drizzle-kit's name for an unnamed index: `<table>_<cols>_index`. An unnamed index over an
 * expression has no such name (drizzle-kit exits the process); this is a coded error instead.
 *
 * @example
 * ```ts
 * defaultIndexName("users", [{ kind: "column", column: "email", ... }]); // "users_email_index"
 * ```
 */
export function defaultIndexName(table: string, keys: readonly IndexKeyModel[]): string {
  const names: string[] = [];
  for (const key of keys) {
    if (key.kind === "expression") {
      throw new AthanorError(
        "ATHANOR_SCHEMA_INVALID",
        `An index on table ${table} over the expression ${key.expression} has no name. Name it: index("${table}_..._idx").on(...).`,
        { table, expression: key.expression },
      );
    }
    names.push(key.column);
  }
  return `${table}_${names.join("_")}_index`;
}

/** A drizzle referential action (`undefined` when not set) as the model spells it. */
export function foreignKeyAction(action: string | undefined): ForeignKeyAction {
  switch (action) {
    case "cascade":
    case "restrict":
    case "set null":
    case "set default":
      return action;
    default:
      return "no action";
  }
}
