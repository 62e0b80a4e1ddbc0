import type { SchemaModel, TableModel } from "./schema-model.js";

/**
 * Orders strings by UTF-16 code units, never by locale, so the canonical order is the same on
 * every machine and in every database collation.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((x, y) => compareCodeUnits(x.name, y.name));
}

function bySchemaAndName<T extends { readonly schema: string; readonly name: string }>(
  items: readonly T[],
): T[] {
  return [...items].sort((x, y) => compareCodeUnits(x.schema, y.schema) || compareCodeUnits(x.name, y.name));
}

function normalizeTable(table: TableModel): TableModel {
  const { rowLevelSecurity, policies, ...rest } = table;
  return {
    ...rest,
    uniques: byName(table.uniques),
    foreignKeys: byName(table.foreignKeys),
    checks: byName(table.checks),
    indexes: byName(table.indexes).map((index) => ({
      ...index,
      with: [...index.with].sort(compareCodeUnits),
    })),
    // Absent rather than false/empty, so tables without row-level security compare as before.
    ...(rowLevelSecurity === true ? { rowLevelSecurity } : {}),
    ...(policies !== undefined && policies.length > 0
      ? { policies: byName(policies).map((p) => ({ ...p, roles: [...p.roles].sort(compareCodeUnits) })) }
      : {}),
  };
}

/**
 * Returns the model in canonical order: schemas sorted, tables/enums/sequences by schema then
 * name, constraints and indexes by name, index storage parameters sorted. Column order, key
 * order and enum value order are meaningful and kept. Producers call this last, so
 * `deepEqual(normalizeSchemaModel(a), normalizeSchemaModel(b))` means "same schema".
 *
 * @example
 * ```ts
 * const canonical = normalizeSchemaModel(modelFromDrizzle);
 * expect(canonical).toEqual(await introspectPostgres(conn));
 * ```
 */
export function normalizeSchemaModel(model: SchemaModel): SchemaModel {
  return {
    schemas: [...new Set(model.schemas)].sort(compareCodeUnits),
    tables: bySchemaAndName(model.tables).map(normalizeTable),
    enums: bySchemaAndName(model.enums),
    sequences: bySchemaAndName(model.sequences),
    ...(model.views !== undefined && model.views.length > 0
      ? {
          views: bySchemaAndName(model.views).map((v) => ({
            ...v,
            with: [...v.with].sort(compareCodeUnits),
          })),
        }
      : {}),
  };
}

/**
 * A model with nothing in it: the starting point for builders and for "empty database" checks.
 *
 * @example
 * ```ts
 * diffSchemaModels(emptySchemaModel(), live); // everything in the live database
 * ```
 */
export function emptySchemaModel(): SchemaModel {
  return { schemas: [], tables: [], enums: [], sequences: [] };
}

/**
 * Finds a table by schema and name.
 *
 * @example
 * ```ts
 * const users = findTable(model, "public", "users");
 * ```
 */
export function findTable(model: SchemaModel, schema: string, name: string): TableModel | undefined {
  return model.tables.find((table) => table.schema === schema && table.name === name);
}
