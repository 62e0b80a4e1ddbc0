import type { IndexModel, SchemaModel, TableModel } from "@athanor/core";
import type { IncludeObject } from "./diff-types.js";

/**
 * The model without what `include` rejects: a rejected schema takes its tables, enums and
 * sequences with it. Applied to both sides, like Alembic's `include_object`.
 *
 * @example
 * ```ts
 * filterModel(live, (o) => !(o.type === "table" && o.name === "spatial_ref_sys"));
 * ```
 */
export function filterModel(
  model: SchemaModel,
  include: ((o: IncludeObject) => boolean) | undefined,
): SchemaModel {
  if (include === undefined) return model;
  const schemas = model.schemas.filter((name) => include({ type: "schema", name }));
  const inScope = (schema: string) => schemas.includes(schema) || !model.schemas.includes(schema);
  const keep = (type: "table" | "enum" | "sequence" | "view") => (o: { schema: string; name: string }) =>
    inScope(o.schema) && include({ type, schema: o.schema, name: o.name });
  return {
    schemas,
    tables: model.tables.filter(keep("table")),
    enums: model.enums.filter(keep("enum")),
    sequences: model.sequences.filter(keep("sequence")),
    ...(model.views === undefined ? {} : { views: model.views.filter(keep("view")) }),
  };
}

/**
 * Puts everything of a one-schema model (MySQL: one database) into `schema`, so the models of
 * two databases with different names compare. References to other schemas are kept.
 *
 * @example
 * ```ts
 * onOneSchema(scratchModel, "app").tables[0].schema; // "app"
 * ```
 */
export function onOneSchema(model: SchemaModel, schema: string): SchemaModel {
  const own = model.schemas[0] ?? model.tables[0]?.schema;
  if (own === undefined || own === schema) return model;
  const move = (s: string) => (s === own ? schema : s);
  return {
    schemas: model.schemas.map(move),
    tables: model.tables.map((t) => ({
      ...t,
      schema: move(t.schema),
      foreignKeys: t.foreignKeys.map((f) => ({ ...f, referencedSchema: move(f.referencedSchema) })),
    })),
    enums: model.enums.map((e) => ({ ...e, schema: move(e.schema) })),
    sequences: model.sequences.map((s) => ({ ...s, schema: move(s.schema) })),
    ...(model.views === undefined
      ? {}
      : { views: model.views.map((v) => ({ ...v, schema: move(v.schema) })) }),
  };
}

/**
 * True for the index MySQL made for a foreign key that had none: named after the constraint,
 * on its columns. `CREATE TABLE` with the key makes it and `DROP TABLE` removes it, so a new or
 * dropped table needs no index step for it; dropping the key alone leaves it behind.
 *
 * @example
 * ```ts
 * isForeignKeyIndex(posts, posts.indexes[0]); // true for "posts_author_id_fk" on (author_id)
 * ```
 */
export function isForeignKeyIndex(table: TableModel, index: IndexModel): boolean {
  const fk = table.foreignKeys.find((f) => f.name === index.name);
  const columns = index.keys.map((k) => (k.kind === "column" ? k.column : null));
  return fk !== undefined && !index.unique && columns.join("\u0000") === fk.columns.join("\u0000");
}
