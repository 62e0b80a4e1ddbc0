import type { IndexKeyModel, IndexModel, SequenceModel, TableModel } from "@athanor/core";
import { type Column, is, SQL } from "drizzle-orm";
import type { getTableConfig, IndexedColumn, PgColumn, PgTable } from "drizzle-orm/pg-core";
import { columnNamer, defaultIndexName } from "./naming.js";
import { pgColumnToModel } from "./pg-column-model.js";
import { type DrizzleCasing, renderSqlFragment } from "./sql-fragment.js";
import { pgTableConfig } from "./table-configs.js";
import { tableConstraints } from "./table-constraints.js";

type PgConfig = ReturnType<typeof getTableConfig>;
type PgIndex = PgConfig["indexes"][number];

/** A table of the model plus the sequences its serial columns own. */
export interface PgTableReading {
  readonly table: TableModel;
  readonly sequences: readonly SequenceModel[];
}

function indexOf(
  index: PgIndex,
  table: string,
  casing: DrizzleCasing | undefined,
  nameIndexed: (c: IndexedColumn) => string,
): IndexModel {
  const { config } = index;
  const keys = config.columns.map((key): IndexKeyModel => {
    if (is(key, SQL)) {
      return {
        kind: "expression",
        expression: renderSqlFragment(key, "postgresql", casing),
        order: "asc",
        nulls: "last",
        opclass: null,
      };
    }
    const indexed = key as IndexedColumn;
    const order = indexed.indexConfig?.order === "desc" ? "desc" : "asc";
    const nulls = indexed.indexConfig?.nulls ?? (order === "desc" ? "first" : "last");
    return {
      kind: "column",
      column: nameIndexed(indexed),
      order,
      nulls,
      opclass: indexed.indexConfig?.opClass ?? null,
    };
  });
  // `config.only` is ignored on purpose: drizzle's `.using()` sets it (ON ONLY is for partitions).
  return {
    name: config.name ?? defaultIndexName(table, keys),
    unique: config.unique,
    method: config.method ?? "btree",
    keys,
    include: [],
    where: config.where === undefined ? null : renderSqlFragment(config.where, "postgresql", casing),
    nullsNotDistinct: false,
    with: Object.entries(config.with ?? {}).map(([key, value]) => `${key}=${String(value)}`),
    valid: true,
  };
}

/**
 * Reads one pg-core table with `getTableConfig`, giving constraints drizzle-kit's names:
 * `<table>_pkey` for a column-level primary key (PostgreSQL's own), `<table>_<cols>_pk`,
 * `<table>_<col>_unique`, `<table>_<cols>_<ftable>_<fcols>_fk` and `<table>_<cols>_index`.
 * `.concurrently()` is how an index is built, not what it is, so it is not in the model.
 *
 * @example
 * ```ts
 * pgTableToModel(users).table.primaryKey; // { name: "users_pkey", columns: ["id"] }
 * ```
 */
export function pgTableToModel(table: PgTable, casing?: DrizzleCasing): PgTableReading {
  const config = pgTableConfig(table);
  const schema = config.schema ?? "public";
  const nameOf = columnNamer(casing);
  const sequences: SequenceModel[] = [];
  const columns = config.columns.map((c) => {
    const reading = pgColumnToModel(c as PgColumn, { schema, name: config.name }, nameOf(c), casing);
    if (reading.sequence !== null) sequences.push(reading.sequence);
    return reading.column;
  });
  const nameIndexed = (c: IndexedColumn) => nameOf(c as unknown as Column);
  return {
    table: {
      schema,
      name: config.name,
      columns,
      ...tableConstraints(config, {
        dialect: "postgresql",
        casing,
        // An inline PRIMARY KEY is named by PostgreSQL itself.
        inlinePrimaryKeyName: (name) => `${name}_pkey`,
        tableName: (t) => {
          const target = pgTableConfig(t as PgTable);
          return { schema: target.schema ?? "public", name: target.name };
        },
      }),
      indexes: config.indexes.map((ix) => indexOf(ix, config.name, casing, nameIndexed)),
      comment: null,
    },
    sequences,
  };
}
