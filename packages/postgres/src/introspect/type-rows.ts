import type { EnumModel, SequenceModel } from "@athanor/core";

export interface EnumRow {
  readonly schema: string;
  readonly name: string;
  /** JSON text of the labels in sort order. */
  readonly values: string;
}

export interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly owner_table: string | null;
  readonly owner_column: string | null;
}

/** @example `toEnum({ schema: "public", name: "mood", values: '["sad","ok"]' }).values // ["sad", "ok"]` */
export function toEnum(row: EnumRow): EnumModel {
  return { schema: row.schema, name: row.name, values: JSON.parse(row.values) as string[] };
}

/** A standalone sequence, with the column that owns it (`OWNED BY`) when there is one. */
export function toSequence(row: SequenceRow): SequenceModel {
  return {
    schema: row.schema,
    name: row.name,
    dataType: row.type,
    start: row.start,
    increment: row.increment,
    min: row.min,
    max: row.max,
    cache: row.cache,
    cycle: row.cycle,
    ownedBy:
      row.owner_table !== null && row.owner_column !== null
        ? { table: row.owner_table, column: row.owner_column }
        : null,
  };
}
