import type { SchemaModel } from "@athanor/core";
import type { ResolvedConfig } from "../config/resolved-config.js";

/** Where drizzle-kit keeps its list of applied migrations. */
export interface DrizzleBookkeeping {
  readonly table: string;
  /** PostgreSQL only; on MySQL the table is in the connection's database. */
  readonly schema: string;
}

/**
 * drizzle-kit's bookkeeping table as the config names it (a drizzle.config standing in for
 * athanor's), else drizzle-kit's defaults `drizzle.__drizzle_migrations`. After `athanor import
 * drizzle` it stays in the database (drizzle-kit may still be used beside athanor), and it is
 * not part of the models: drift and autogenerate leave it out.
 *
 * @example
 * ```ts
 * drizzleBookkeeping(config); // { table: "__drizzle_migrations", schema: "drizzle" }
 * ```
 */
export function drizzleBookkeeping(config: ResolvedConfig): DrizzleBookkeeping {
  return {
    table: config.drizzleKit?.migrationsTable ?? "__drizzle_migrations",
    schema: config.drizzleKit?.migrationsSchema ?? "drizzle",
  };
}

/**
 * The model without drizzle-kit's bookkeeping: its table, the serial sequence of its id, and its
 * schema when nothing else lives there.
 *
 * @example
 * ```ts
 * const live = withoutDrizzleBookkeeping(await introspect(conn), drizzleBookkeeping(config));
 * ```
 */
export function withoutDrizzleBookkeeping(model: SchemaModel, b: DrizzleBookkeeping): SchemaModel {
  // MySQL: the table sits in the connection's database, whatever drizzle's `schema` says
  const isTable = (t: { schema: string; name: string }) =>
    t.name === b.table && (t.schema === b.schema || !model.schemas.includes(b.schema));
  const tables = model.tables.filter((t) => !isTable(t));
  const sequences = model.sequences.filter((s) => !(s.schema === b.schema && s.name === `${b.table}_id_seq`));
  if (tables.length === model.tables.length) return model;
  const used = [...tables, ...model.enums, ...sequences, ...(model.views ?? [])].some(
    (o) => o.schema === b.schema,
  );
  return {
    ...model,
    schemas: used ? model.schemas : model.schemas.filter((s) => s !== b.schema),
    tables,
    sequences,
  };
}
