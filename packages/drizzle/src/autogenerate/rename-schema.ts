import { normalizeSchemaModel, type SchemaModel } from "@athanor/core";

// The model's fields that name a schema: an object's own (`schema`) and a foreign key's target.
const SCHEMA_KEYS = new Set(["schema", "referencedSchema"]);

/**
 * The model with schema `from` named `to` wherever an object or a reference names it, back in
 * canonical order. A fleet's tenant schema read this way compares with models written for the
 * default schema. Expressions need no rewrite: the tenant's session has `search_path` set to the
 * tenant alone, so the server prints the tenant's own objects unqualified.
 *
 * @example
 * ```ts
 * renameSchema(await introspect(conn, { schemas: ["tenant_a"] }), "tenant_a", "public");
 * ```
 */
export function renameSchema(model: SchemaModel, from: string, to: string): SchemaModel {
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === "string")
      return key !== undefined && SCHEMA_KEYS.has(key) && value === from ? to : value;
    if (Array.isArray(value))
      return key === "schemas"
        ? value.map((s) => (s === from ? to : s))
        : value.map((v) => walk(v, undefined));
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return normalizeSchemaModel(walk(model, undefined) as SchemaModel);
}
