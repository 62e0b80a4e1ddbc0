import {
  type ColumnModel,
  emptySchemaModel,
  type ForeignKeyModel,
  type IndexModel,
  normalizeSchemaModel,
  type SchemaModel,
  type SequenceModel,
  type TableModel,
} from "@athanor/core";

// Small builders of schema-model fragments for the differ's and the code generator's tests.

/** A nullable column without extras. */
export function col(name: string, type: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return {
    name,
    type,
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    comment: null,
    collation: null,
    onUpdate: null,
    ...extra,
  };
}

/** The sequence of a `serial` column `owner.id` in `public`, with PostgreSQL's defaults. */
export function serialSequence(name: string, owner: string): SequenceModel {
  return {
    schema: "public",
    name,
    dataType: "integer",
    start: "1",
    increment: "1",
    min: "1",
    max: "2147483647",
    cache: "1",
    cycle: false,
    ownedBy: { table: owner, column: "id" },
  };
}

/** A table in `public` whose first column is the primary key. */
export function table(name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: "public",
    name,
    columns,
    primaryKey: { name: `${name}_pkey`, columns: [columns[0]?.name ?? "id"] },
    uniques: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    comment: null,
    ...extra,
  };
}

/** A plain btree index on one column, ascending. */
export function columnIndex(name: string, column: string): IndexModel {
  return {
    name,
    unique: false,
    method: "btree",
    keys: [{ kind: "column", column, order: "asc", nulls: "last" }],
    include: [],
    where: null,
    nullsNotDistinct: false,
    with: [],
    valid: true,
  };
}

/** A cascading foreign key to `referencedTable(id)`. */
export function fk(name: string, columns: string[], referencedTable: string): ForeignKeyModel {
  return {
    name,
    columns,
    referencedSchema: "public",
    referencedTable,
    referencedColumns: ["id"],
    onUpdate: "no action",
    onDelete: "cascade",
    match: "simple",
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
  };
}

/** A normalised model of `public`. */
export function model(tables: TableModel[], extra: Partial<SchemaModel> = {}): SchemaModel {
  return normalizeSchemaModel({ ...emptySchemaModel(), schemas: ["public"], tables, ...extra });
}
