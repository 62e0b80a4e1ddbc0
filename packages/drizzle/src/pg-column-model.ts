import type { ColumnModel, IdentityModel, SequenceModel, SequenceOptionsModel } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { is } from "drizzle-orm";
import { isPgEnum, PgArray, type PgColumn } from "drizzle-orm/pg-core";
import { columnDefault } from "./default-literal.js";
import { type DrizzleCasing, quoteName, renderSqlish } from "./sql-fragment.js";

const INTEGER_RANGES: Readonly<Record<string, { readonly min: string; readonly max: string }>> = {
  smallint: { min: "-32768", max: "32767" },
  integer: { min: "-2147483648", max: "2147483647" },
  bigint: { min: "-9223372036854775808", max: "9223372036854775807" },
};

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallserial: "smallint",
  serial: "integer",
  bigserial: "bigint",
};

/** Options as drizzle takes them for identity columns and `pgSequence` (numbers or strings). */
export interface DrizzleSequenceOptions {
  readonly startWith?: number | string | undefined;
  readonly increment?: number | string | undefined;
  readonly minValue?: number | string | undefined;
  readonly maxValue?: number | string | undefined;
  readonly cache?: number | string | undefined;
  readonly cycle?: boolean | undefined;
}

/**
 * Sequence options with PostgreSQL's defaults filled in, as the catalogue reports them: an
 * ascending sequence runs from 1 to the type's maximum and starts at its minimum; a
 * descending one from the type's minimum to -1 and starts at its maximum.
 *
 * @example
 * ```ts
 * resolveSequenceOptions("integer", { startWith: 100 }).max; // "2147483647"
 * ```
 */
export function resolveSequenceOptions(
  dataType: string,
  options: DrizzleSequenceOptions = {},
): SequenceOptionsModel {
  const range = INTEGER_RANGES[dataType] ?? INTEGER_RANGES.bigint;
  const text = (v: number | string | undefined) => (v === undefined ? undefined : BigInt(v).toString());
  const increment = text(options.increment) ?? "1";
  const ascending = !increment.startsWith("-");
  const min = text(options.minValue) ?? (ascending ? "1" : (range?.min ?? ""));
  const max = text(options.maxValue) ?? (ascending ? (range?.max ?? "") : "-1");
  return {
    dataType,
    start: text(options.startWith) ?? (ascending ? min : max),
    increment,
    min,
    max,
    cache: text(options.cache) ?? "1",
    cycle: options.cycle ?? false,
  };
}

/**
 * The SQL type of a pg-core column as DDL accepts it: enum types schema-qualified and quoted
 * (`"app"."mood"`), arrays built from their element column, and drizzle's spacing removed
 * (`timestamp (3)` → `timestamp(3)`, `numeric(12, 2)` → `numeric(12,2)`), which is how
 * `format_type` prints them.
 *
 * @example
 * ```ts
 * pgColumnType(getTableConfig(events).columns[1]); // "timestamp(3) with time zone"
 * ```
 */
export function pgColumnType(column: PgColumn): string {
  if (is(column, PgArray)) {
    const size = typeof column.size === "number" ? String(column.size) : "";
    return `${pgColumnType(column.baseColumn as PgColumn)}[${size}]`;
  }
  const enumType = (column as { enum?: unknown }).enum;
  if (isPgEnum(enumType)) {
    const name = quoteName(enumType.enumName, "postgresql");
    return `${quoteName(enumType.schema ?? "public", "postgresql")}.${name}`;
  }
  return column
    .getSQLType()
    .replace(/\s+\(/g, "(")
    .replace(/\(\s*(\d+)\s*,\s*(-?\d+)\s*\)/g, "($1,$2)");
}

/** A column of the model plus the sequence it brings along (`serial`'s owned sequence). */
export interface PgColumnReading {
  readonly column: ColumnModel;
  readonly sequence: SequenceModel | null;
}

/**
 * Reads one pg-core column. `serial` types become what the database shows for them: the
 * integer type, `nextval(...)` as default and an owned sequence `<table>_<column>_seq`.
 * Identity options get PostgreSQL's defaults filled in; `$defaultFn` is not a database
 * default.
 *
 * @example
 * ```ts
 * pgColumnToModel(col, { schema: "public", name: "users" }, "email").column.type; // "text"
 * ```
 */
export function pgColumnToModel(
  column: PgColumn,
  table: { readonly schema: string; readonly name: string },
  name: string,
  casing?: DrizzleCasing,
): PgColumnReading {
  const sqlType = pgColumnType(column);
  const serialType = SERIAL_TYPES[sqlType];
  const identity = column.generatedIdentity;
  const generated = column.generated;
  if (
    [serialType !== undefined, identity !== undefined, generated !== undefined].filter(Boolean).length > 1
  ) {
    throw new AthanorError(
      "ATHANOR_SCHEMA_INVALID",
      `Column ${table.schema}.${table.name}.${name} combines serial, identity and generated; PostgreSQL allows only one.`,
      { table: table.name, column: name },
    );
  }
  const base = {
    name,
    nullable: !(column.notNull || column.primary),
    identity: null,
    generated: null,
    comment: null,
    collation: null,
    onUpdate: null,
  };
  if (serialType !== undefined) {
    const sequenceName = `${table.name}_${name}_seq`;
    const qualified = `${quoteName(table.schema, "postgresql")}.${quoteName(sequenceName, "postgresql")}`;
    return {
      column: {
        ...base,
        nullable: false,
        type: serialType,
        default: `nextval('${qualified.replaceAll("'", "''")}'::regclass)`,
      },
      sequence: {
        schema: table.schema,
        name: sequenceName,
        ...resolveSequenceOptions(serialType),
        ownedBy: { table: table.name, column: name },
      },
    };
  }
  if (identity !== undefined) {
    const model: IdentityModel = {
      generation: identity.type === "always" ? "always" : "byDefault",
      sequence: resolveSequenceOptions(sqlType, identity.sequenceOptions),
    };
    return {
      column: { ...base, nullable: false, type: sqlType, default: null, identity: model },
      sequence: null,
    };
  }
  if (generated !== undefined) {
    const expression = renderSqlish(generated.as, "postgresql", casing);
    const storage = (generated as { mode?: string }).mode === "virtual" ? "virtual" : "stored";
    return {
      column: { ...base, type: sqlType, default: null, generated: { expression, storage } },
      sequence: null,
    };
  }
  return {
    column: { ...base, type: sqlType, default: columnDefault(column, "postgresql", casing) },
    sequence: null,
  };
}
