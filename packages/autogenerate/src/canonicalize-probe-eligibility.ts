import type { SchemaModel, TableModel } from "@athanor/core";

const MAX_IDENTIFIER_BYTES = 63;
const bytes = (name: string) => Buffer.byteLength(name, "utf8");

function namesOf(table: TableModel): string[] {
  return [
    table.name,
    ...table.columns.map((c) => c.name),
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.foreignKeys.map((f) => f.name),
    ...table.checks.map((c) => c.name),
    ...table.indexes.map((i) => i.name),
  ];
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
  const names = [
    ...model.schemas,
    ...model.enums.map((e) => e.name),
    ...model.sequences.map((s) => s.name),
    ...model.tables.flatMap(namesOf),
  ];
  const long = names.find((n) => bytes(n) > MAX_IDENTIFIER_BYTES);
  if (long !== undefined) return `the name ${long} is longer than PostgreSQL's ${MAX_IDENTIFIER_BYTES} bytes`;
  // Tables, sequences, indexes and the indexes behind primary keys and uniques share one namespace per schema.
  // An enum shares the type namespace with every table's row type: counted here too (a false
  // alarm only costs the full path).
  const relations = [
    ...model.enums.map((e) => `${e.schema}.${e.name}`),
    ...model.sequences.map((s) => `${s.schema}.${s.name}`),
    ...model.tables.flatMap((t) => [
      `${t.schema}.${t.name}`,
      ...(t.primaryKey === null ? [] : [`${t.schema}.${t.primaryKey.name}`]),
      ...t.uniques.map((u) => `${t.schema}.${u.name}`),
      ...t.indexes.map((i) => `${t.schema}.${i.name}`),
    ]),
  ];
  const clash = duplicate(relations);
  if (clash !== undefined) return `the name ${clash} is used by two tables, sequences or indexes`;
  const tables = new Map(model.tables.map((t) => [`${t.schema}\u0000${t.name}`, t]));
  for (const table of model.tables) {
    const problem = tableProblem(table, tables);
    if (problem !== null) return problem;
  }
  return null;
}
