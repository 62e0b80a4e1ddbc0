import type { SchemaModel, TableModel } from "@athanor/core";

const MAX_IDENTIFIER_BYTES = 63;
// A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4): a name of
// at most 21 units cannot be over the limit, so only longer ones are measured.
const tooLong = (name: string) =>
  name.length * 3 > MAX_IDENTIFIER_BYTES && Buffer.byteLength(name, "utf8") > MAX_IDENTIFIER_BYTES;

/** The first of a table's names (its own, columns, keys, checks, indexes, in that order) that is too long. */
function tooLongIn(table: TableModel): string | undefined {
  if (tooLong(table.name)) return table.name;
  for (const c of table.columns) if (tooLong(c.name)) return c.name;
  if (table.primaryKey !== null && tooLong(table.primaryKey.name)) return table.primaryKey.name;
  for (const named of [table.uniques, table.foreignKeys, table.checks, table.indexes])
    for (const n of named) if (tooLong(n.name)) return n.name;
  return undefined;
}

/**
 * The first name of the model that is too long, in the order schemas, enums, sequences, tables.
 *
 * @example
 * ```ts
 * firstTooLong(model); // undefined, or the name
 * ```
 */
export function firstTooLong(model: SchemaModel): string | undefined {
  for (const s of model.schemas) if (tooLong(s)) return s;
  for (const e of model.enums) if (tooLong(e.name)) return e.name;
  for (const s of model.sequences) if (tooLong(s.name)) return s.name;
  for (const t of model.tables) {
    const name = tooLongIn(t);
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * The first relation name used twice in a schema (tables, sequences, indexes and the indexes
 * behind primary keys and uniques share one namespace per schema; an enum shares the type
 * namespace with every table's row type: counted here too, a false alarm only costs the full path).
 *
 * @example
 * ```ts
 * firstRelationClash(model); // undefined, or "public.users"
 * ```
 */
export function firstRelationClash(model: SchemaModel): string | undefined {
  const seen = new Set<string>();
  const clash = (schema: string, name: string) => {
    const key = `${schema}.${name}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
  for (const e of model.enums) if (clash(e.schema, e.name)) return `${e.schema}.${e.name}`;
  for (const s of model.sequences) if (clash(s.schema, s.name)) return `${s.schema}.${s.name}`;
  for (const t of model.tables) {
    if (clash(t.schema, t.name)) return `${t.schema}.${t.name}`;
    if (t.primaryKey !== null && clash(t.schema, t.primaryKey.name))
      return `${t.schema}.${t.primaryKey.name}`;
    for (const named of [t.uniques, t.indexes])
      for (const n of named) if (clash(t.schema, n.name)) return `${t.schema}.${n.name}`;
  }
  return undefined;
}

function duplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Column lists a foreign key may reference: the primary key, unique constraints, plain unique indexes. */
function uniqueKeys(table: TableModel): (readonly string[])[] {
  return [
    ...(table.primaryKey === null ? [] : [table.primaryKey.columns]),
    ...table.uniques.map((u) => u.columns),
    ...table.indexes
      .filter((i) => i.unique && i.where === null && i.keys.every((k) => k.kind === "column"))
      .map((i) => i.keys.map((k) => (k.kind === "column" ? k.column : ""))),
  ];
}

function tableProblem(table: TableModel, tables: ReadonlyMap<string, TableModel>): string | null {
  const where = `${table.schema}.${table.name}`;
  const columns = new Set(table.columns.map((c) => c.name));
  const dupColumn = duplicate(table.columns.map((c) => c.name));
  if (dupColumn !== undefined) return `${where} declares column ${dupColumn} twice`;
  const dupConstraint = duplicate([
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.foreignKeys.map((f) => f.name),
    ...table.checks.map((c) => c.name),
  ]);
  if (dupConstraint !== undefined) return `${where} declares constraint ${dupConstraint} twice`;
  const used = [
    ...(table.primaryKey?.columns ?? []),
    ...table.uniques.flatMap((u) => u.columns),
    ...table.foreignKeys.flatMap((f) => f.columns),
    ...table.indexes.flatMap((i) => [
      ...i.include,
      ...i.keys.flatMap((k) => (k.kind === "column" ? [k.column] : [])),
    ]),
  ];
  const missing = used.find((c) => !columns.has(c));
  if (missing !== undefined) return `${where} uses column ${missing}, which it does not have`;
  for (const fk of table.foreignKeys) {
    const target = tables.get(`${fk.referencedSchema}\u0000${fk.referencedTable}`);
    if (
      target === undefined ||
      fk.columns.length !== fk.referencedColumns.length ||
      !uniqueKeys(target).some((key) => sameSet(key, fk.referencedColumns))
    )
      return `foreign key ${fk.name} of ${where} does not reference a unique key of a table in the model`;
  }
  return null;
}

/**
 * Why the fast (probe) canonicalisation cannot vouch for a model, or `null` when it can. The
 * probes skip foreign keys and plain indexes, so the errors the database would raise for them
 * (an over-long name it would truncate, a name used twice, a key over a missing column, a
 * foreign key to no unique key) are looked for here; a model with one goes the full way, so
 * the database reports it exactly as before.
 *
 * @example
 * ```ts
 * probeFallbackReason(model); // null, or "public.t declares column a twice"
 * ```
 */
export function probeFallbackReason(model: SchemaModel): string | null {
  const long = firstTooLong(model);
  if (long !== undefined) return `the name ${long} is longer than PostgreSQL's ${MAX_IDENTIFIER_BYTES} bytes`;
  const clash = firstRelationClash(model);
  if (clash !== undefined) return `the name ${clash} is used by two tables, sequences or indexes`;
  const tables = new Map(model.tables.map((t) => [`${t.schema}\u0000${t.name}`, t]));
  for (const table of model.tables) {
    const problem = tableProblem(table, tables);
    if (problem !== null) return problem;
  }
  return null;
}
