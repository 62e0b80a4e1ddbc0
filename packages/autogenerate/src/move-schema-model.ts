import type { SchemaModel, TableModel } from "@athanor/core";
import { normalizeSchemaModel } from "@athanor/core";

/**
 * Moves every object of `model` from schema `from` to `to`, references included. On MySQL a
 * "schema" is a database, so this is how a model read from a scratch database is compared with
 * the live one (and how a model is created in a scratch database in the first place).
 *
 * @example
 * ```ts
 * const live = moveSchemaModel(await introspectMysql(conn, { database: "athanor_scratch_1f" }), "athanor_scratch_1f", "app");
 * ```
 */
export function moveSchemaModel(model: SchemaModel, from: string, to: string): SchemaModel {
  const move = (s: string) => (s === from ? to : s);
  const table = (t: TableModel): TableModel => ({
    ...t,
    schema: move(t.schema),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, referencedSchema: move(fk.referencedSchema) })),
  });
  return normalizeSchemaModel({
    schemas: model.schemas.map(move),
    tables: model.tables.map(table),
    enums: model.enums.map((e) => ({ ...e, schema: move(e.schema) })),
    sequences: model.sequences.map((s) => ({ ...s, schema: move(s.schema) })),
    ...(model.views === undefined
      ? {}
      : { views: model.views.map((v) => ({ ...v, schema: move(v.schema) })) }),
  });
}
