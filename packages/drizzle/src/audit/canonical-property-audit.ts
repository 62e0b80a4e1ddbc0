import type { ColumnModel, IndexModel, SchemaModel, TableModel } from "@athanor/core";
import type { PropertyWarning } from "./property-warning.js";

/**
 * Column fields whose value the server keeps as given or drops entirely: when the model sets
 * one and the canonical (round-tripped) column does not have it, the server did not keep it,
 * so comparing the canonical form would pass a model the database can never match.
 * Typed over every field of the column model, so a new field must be classified here.
 */
const COLUMN_FIELDS: { readonly [K in keyof ColumnModel]: "kept" | "spelled" } = {
  name: "kept",
  // Re-spelled by the server (`int(11)`, `'x'::text`): compared in the server's form.
  type: "spelled",
  default: "spelled",
  nullable: "kept",
  identity: "kept",
  generated: "kept",
  comment: "kept",
  collation: "kept",
  onUpdate: "kept",
};

// the kept fields besides the name, listed once (not an Object.entries per column of every table)
const KEPT_FIELDS = (Object.keys(COLUMN_FIELDS) as (keyof ColumnModel)[]).filter(
  (field) => COLUMN_FIELDS[field] === "kept" && field !== "name",
);

/** Index fields the server keeps as given (method: InnoDB turns HASH into BTREE, for one). */
const INDEX_FIELDS = ["unique", "method", "where", "nullsNotDistinct"] as const;

const key = (t: { readonly schema: string; readonly name: string }) => `${t.schema}\u0000${t.name}`;

function presence(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "storage" in (value as object))
    return (value as { storage: unknown }).storage;
  if (typeof value === "object" && "generation" in (value as object))
    return (value as { generation: unknown }).generation;
  return typeof value === "string" ? true : value;
}

function auditColumns(model: TableModel, canonical: TableModel, out: PropertyWarning[]): void {
  const byName = new Map(canonical.columns.map((c) => [c.name, c]));
  for (const column of model.columns) {
    const read = byName.get(column.name);
    if (read === undefined) continue;
    for (const field of KEPT_FIELDS) {
      if (presence(column[field]) === presence(read[field])) continue;
      // NOT NULL forced by a primary key or an identity is the server's rule, not a loss.
      if (field === "nullable" && column.nullable && !read.nullable) continue;
      out.push({
        schema: model.schema,
        table: model.name,
        column: column.name,
        property: field,
        reason: `the server does not keep it as the model says (${JSON.stringify(column[field])} reads back as ${JSON.stringify(read[field])}), so it is not compared`,
      });
    }
  }
}

function auditIndexes(model: TableModel, canonical: TableModel, out: PropertyWarning[]): void {
  const byName = new Map<string, IndexModel>(canonical.indexes.map((i) => [i.name, i]));
  for (const index of model.indexes) {
    const read = byName.get(index.name);
    if (read === undefined) continue;
    for (const field of INDEX_FIELDS) {
      if (index[field] === read[field] || (field === "where" && index.where !== null && read.where !== null))
        continue;
      out.push({
        schema: model.schema,
        table: model.name,
        index: index.name,
        property: field === "method" ? "using" : field,
        reason: `the server does not keep it as the model says (${JSON.stringify(index[field])} reads back as ${JSON.stringify(read[field])}), so it is not compared`,
      });
    }
  }
}

/**
 * The properties of the Drizzle model that did not survive canonicalisation: set in the model,
 * absent or different once the server created and printed the schema (a VIRTUAL column made
 * STORED, an `ON UPDATE` not written, InnoDB's HASH index read back as BTREE). Text the server
 * merely re-spells (types, defaults, expressions) is compared in its printed form and not
 * reported.
 *
 * @example
 * ```ts
 * auditCanonicalProperties(model, await canonicalizeSchemaModel(model, options));
 * ```
 */
export function auditCanonicalProperties(model: SchemaModel, canonical: SchemaModel): PropertyWarning[] {
  const out: PropertyWarning[] = [];
  const tables = new Map(canonical.tables.map((t) => [key(t), t]));
  for (const table of model.tables) {
    const read = tables.get(key(table));
    if (read === undefined) continue;
    auditColumns(table, read, out);
    auditIndexes(table, read, out);
  }
  return out;
}
