import type {
  CheckModel,
  ColumnModel,
  ForeignKeyAction,
  ForeignKeyModel,
  IndexKeyModel,
  IndexModel,
  SequenceOptionsModel,
} from "@athanor/core";

/** Rows as the catalogue queries return them (every list is JSON text, every big number text). */
export interface ColumnRow {
  readonly table_oid: string;
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly expression: string | null;
  readonly generated: string;
  readonly identity: string;
  readonly collation: string | null;
  readonly comment: string | null;
  readonly seq_type: string | null;
  readonly seq_start: string | null;
  readonly seq_increment: string | null;
  readonly seq_min: string | null;
  readonly seq_max: string | null;
  readonly seq_cache: string | null;
  readonly seq_cycle: boolean | null;
}

export interface ConstraintRow {
  readonly table_oid: string;
  readonly name: string;
  readonly type: "p" | "u" | "f" | "c";
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly validated: boolean;
  readonly columns: string | null;
  readonly ref_schema: string | null;
  readonly ref_table: string | null;
  readonly ref_columns: string | null;
  readonly on_update: string;
  readonly on_delete: string;
  readonly match: string;
  readonly expression: string | null;
  readonly nulls_not_distinct: boolean;
}

export interface IndexRow {
  readonly table_oid: string;
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly valid: boolean;
  readonly nulls_not_distinct: boolean;
  readonly key_count: number;
  readonly predicate: string | null;
  readonly with: string;
  readonly keys: string;
}

interface IndexKeyRow {
  readonly column: string | null;
  readonly expression: string | null;
  readonly option: number;
  readonly opclass: string | null;
}

const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/** pg_index.indoption bits. */
const INDOPTION_DESC = 1;
const INDOPTION_NULLS_FIRST = 2;

export function parseNames(json: string | null): string[] {
  return json === null ? [] : (JSON.parse(json) as string[]);
}

function identitySequence(row: ColumnRow): SequenceOptionsModel | null {
  if (row.seq_type === null) return null;
  return {
    dataType: row.seq_type,
    start: String(row.seq_start),
    increment: String(row.seq_increment),
    min: String(row.seq_min),
    max: String(row.seq_max),
    cache: String(row.seq_cache),
    cycle: row.seq_cycle === true,
  };
}

/** pg_attribute (+ attrdef, identity sequence) → column; `attgenerated` decides what the stored expression is. */
export function toColumn(row: ColumnRow): ColumnModel {
  const generated = row.generated === "s" ? "stored" : row.generated === "v" ? "virtual" : null;
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    default: generated === null ? row.expression : null,
    identity:
      row.identity === "a" || row.identity === "d"
        ? { generation: row.identity === "a" ? "always" : "byDefault", sequence: identitySequence(row) }
        : null,
    generated:
      generated !== null && row.expression !== null
        ? { expression: row.expression, storage: generated }
        : null,
    comment: row.comment,
    collation: row.collation,
    onUpdate: null,
  };
}

export function toForeignKey(row: ConstraintRow): ForeignKeyModel {
  return {
    name: row.name,
    columns: parseNames(row.columns),
    referencedSchema: row.ref_schema ?? "",
    referencedTable: row.ref_table ?? "",
    referencedColumns: parseNames(row.ref_columns),
    onUpdate: ACTIONS[row.on_update] ?? "no action",
    onDelete: ACTIONS[row.on_delete] ?? "no action",
    match: row.match === "f" ? "full" : "simple",
    deferrable: row.deferrable,
    initiallyDeferred: row.deferred,
    validated: row.validated,
  };
}

export function toCheck(row: ConstraintRow): CheckModel {
  return { name: row.name, expression: row.expression ?? "", validated: row.validated };
}

function toIndexKey(key: IndexKeyRow): IndexKeyModel {
  const ordering = {
    order: (key.option & INDOPTION_DESC) !== 0 ? "desc" : "asc",
    nulls: (key.option & INDOPTION_NULLS_FIRST) !== 0 ? "first" : "last",
    opclass: key.opclass,
  } as const;
  return key.column !== null
    ? { kind: "column", column: key.column, ...ordering }
    : { kind: "expression", expression: key.expression ?? "", ...ordering };
}

/** pg_index → index; keys past `indnkeyatts` are the `INCLUDE` columns. */
export function toIndex(row: IndexRow): IndexModel {
  const keys = JSON.parse(row.keys) as IndexKeyRow[];
  return {
    name: row.name,
    unique: row.unique,
    method: row.method,
    keys: keys.slice(0, row.key_count).map(toIndexKey),
    include: keys.slice(row.key_count).map((key) => key.column ?? ""),
    where: row.predicate,
    nullsNotDistinct: row.nulls_not_distinct,
    with: JSON.parse(row.with) as string[],
    valid: row.valid,
  };
}
