import { entityKind } from "drizzle-orm";
import type { PgEnum } from "drizzle-orm/pg-core";

/**
 * Whether `value` is a drizzle entity of `kind`: its class or an ancestor declares that
 * `entityKind` ("PgTable", "MySqlView", "SQLiteTable"…). It decides exactly what drizzle's
 * `is(value, Class)` decides, by the same class-chain walk, but needs only the kind's name, not
 * the class: sorting a schema's exports then loads no dialect core (see dialect-cores.ts).
 *
 * @example
 * ```ts
 * isEntityOf<PgTable>(users, "PgTable"); // true for a pgTable, false for a sqliteTable
 * ```
 */
export function isEntityOf<T>(value: unknown, kind: string): value is T {
  if (value === null || typeof value !== "object") return false;
  let cls: unknown = Object.getPrototypeOf(value)?.constructor;
  while (typeof cls === "function") {
    if (entityKind in cls && (cls as { [entityKind]: unknown })[entityKind] === kind) return true;
    cls = Object.getPrototypeOf(cls);
  }
  return false;
}

// the marker drizzle's own isPgEnum() reads: a pg enum is a function object, so it has no entity kind
const PG_ENUM = Symbol.for("drizzle:isPgEnum");

/**
 * drizzle's `isPgEnum` without loading pg-core.
 *
 * @example
 * ```ts
 * isPgEnumObject(pgEnum("mood", ["sad", "ok"])); // true
 * ```
 */
export function isPgEnumObject(value: unknown): value is PgEnum<[string, ...string[]]> {
  return (
    typeof value === "function" && PG_ENUM in value && (value as { [PG_ENUM]: unknown })[PG_ENUM] === true
  );
}
