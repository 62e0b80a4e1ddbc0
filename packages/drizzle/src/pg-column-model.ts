import { type DrizzleSequenceOptions, resolveSequenceOptions } from "@athanor/autogenerate";
import type { ColumnModel, IdentityModel, SequenceModel } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import type { PgArray, PgColumn } from "drizzle-orm/pg-core";
import { columnDefault } from "./default-literal.js";
import { isEntityOf, isPgEnumObject } from "./entity-kinds.js";
import { type DrizzleCasing, quoteName, renderSqlish } from "./sql-fragment.js";

export { type DrizzleSequenceOptions, resolveSequenceOptions };

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallserial: "smallint",
  serial: "integer",
  bigserial: "bigint",
};

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
  if (isEntityOf<PgArray<never, never>>(column, "PgArray")) {
    const size = typeof column.size === "number" ? String(column.size) : "";
    return `${pgColumnType(column.baseColumn as PgColumn)}[${size}]`;
  }
  const enumType = (column as { enum?: unknown }).enum;
  if (isPgEnumObject(enumType)) {
    const name = quoteName(enumType.enumName, "postgresql");
    return `${quoteName(enumType.schema ?? "public", "postgresql")}.${name}`;
  }
  const type = column.getSQLType();
  // most types have no parameters: nothing to respace (15,000 replaces at 1,000 tables otherwise)
  if (!type.includes("(")) return type;
  return type.replace(/\s+\(/g, "(").replace(/\(\s*(\d+)\s*,\s*(-?\d+)\s*\)/g, "($1,$2)");
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
    (serialType !== undefined ? 1 : 0) +
      (identity !== undefined ? 1 : 0) +
      (generated !== undefined ? 1 : 0) >
    1
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
  // the common case, spelled out (no spread of `base`): the same keys in the same order
  return {
    column: {
      name,
      nullable: base.nullable,
      identity: null,
      generated: null,
      comment: null,
      collation: null,
      onUpdate: null,
      type: sqlType,
      default: columnDefault(column, "postgresql", casing),
    },
    sequence: null,
  };
}
