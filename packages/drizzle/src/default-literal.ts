import { AthanorError } from "@athanor/core";
import { type Column, is, SQL } from "drizzle-orm";
import {
  type DrizzleCasing,
  type DrizzleDialect,
  renderSqlFragment,
  sqlStringLiteral,
} from "./sql-fragment.js";

/**
 * A column's database default as SQL text, or `null` when the column has none. `.default(v)`
 * JS values go through the column's own `mapToDriverValue` first — the very value drizzle
 * would send in an INSERT (an ISO string for a Date, `{a,b}` text for a pg array, JSON text
 * for json) — and are then written as a literal. `sql\`\`` defaults (`defaultNow()`,
 * `defaultRandom()`) are rendered with their parameters inlined. `$defaultFn` and `$onUpdate`
 * run in the application, so they are not database defaults and give `null`.
 *
 * @example
 * ```ts
 * columnDefault(getTableConfig(users).columns[2], "postgresql"); // 'active'
 * ```
 */
export function columnDefault(
  column: Column,
  dialect: DrizzleDialect,
  casing?: DrizzleCasing,
): string | null {
  const value: unknown = column.default;
  if (value === undefined) return null;
  if (is(value, SQL)) return renderSqlFragment(value, dialect, casing);
  if (value === null) return "NULL";
  let driverValue: unknown;
  try {
    driverValue = column.mapToDriverValue(value);
  } catch (cause) {
    throw invalidDefault(
      column,
      `its mapToDriverValue rejected the value (${cause instanceof Error ? cause.message : String(cause)})`,
      cause,
    );
  }
  if (is(driverValue, SQL)) return renderSqlFragment(driverValue, dialect, casing);
  return literal(column, driverValue, dialect);
}

function literal(column: Column, value: unknown, dialect: DrizzleDialect): string {
  switch (typeof value) {
    case "string":
      return sqlStringLiteral(value, dialect);
    case "number":
      // NaN and ±Infinity are valid float values only as quoted text.
      return Number.isFinite(value) ? String(value) : sqlStringLiteral(String(value), dialect);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "NULL";
      if (value instanceof Date) return sqlStringLiteral(value.toISOString(), dialect);
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
        const hex = Buffer.from(value).toString("hex");
        return dialect === "postgresql" ? `'\\x${hex}'::bytea` : `X'${hex}'`;
      }
      return sqlStringLiteral(JSON.stringify(value), dialect);
    default:
      throw invalidDefault(column, `a ${typeof value} cannot be written as an SQL literal`);
  }
}

function invalidDefault(column: Column, why: string, cause?: unknown): AthanorError {
  return new AthanorError(
    "ATHANOR_SCHEMA_INVALID",
    `The default of column ${JSON.stringify(column.name)} cannot be used as a database default: ${why}. Use .default(sql\`...\`) for an SQL expression, or $defaultFn() for an application-side default.`,
    { column: column.name },
    cause === undefined ? undefined : { cause },
  );
}
