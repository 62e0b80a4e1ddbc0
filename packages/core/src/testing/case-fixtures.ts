import type { CreateTable } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import type { ConformanceContext } from "./conformance-types.js";

/**
 * The tables most cases start from, built with the public factories so the cases exercise
 * the same normalisation a revision does.
 *
 * `items (id integer PK, name varchar(40) NOT NULL, qty integer, note text)` and
 * `owners (id integer PK)`.
 */
export function itemsTable(
  ctx: ConformanceContext,
  options: { readonly primaryKey?: boolean } = {},
): CreateTable {
  return operations.createTable("items", {
    columns: [
      { name: "id", type: ctx.types.integer.sql, nullable: false },
      { name: "name", type: ctx.types.varchar40.sql, nullable: false },
      { name: "qty", type: ctx.types.integer.sql },
      { name: "note", type: ctx.types.text.sql },
    ],
    ...(options.primaryKey === false ? {} : { primaryKey: ["id"] }),
  });
}

export function ownersTable(ctx: ConformanceContext): CreateTable {
  return operations.createTable("owners", {
    columns: [{ name: "id", type: ctx.types.integer.sql, nullable: false }],
    primaryKey: ["id"],
  });
}

/** `items` with an `owner_id` column for foreign-key cases. */
export function itemsWithOwner(ctx: ConformanceContext): CreateTable {
  return operations.createTable("items", {
    columns: [
      { name: "id", type: ctx.types.integer.sql, nullable: false },
      { name: "owner_id", type: ctx.types.integer.sql },
    ],
    primaryKey: ["id"],
  });
}

/** The subset of an introspected column the cases assert. */
export function column(
  name: string,
  type: string,
  nullable = true,
): { name: string; type: string; nullable: boolean } {
  return { name, type, nullable };
}

/** Expected shape of an introspected `items` table (see {@link itemsTable}). */
export function itemsModel(ctx: ConformanceContext): object {
  return {
    name: "items",
    columns: [
      column("id", ctx.types.integer.introspected, false),
      column("name", ctx.types.varchar40.introspected, false),
      column("qty", ctx.types.integer.introspected),
      column("note", ctx.types.text.introspected),
    ],
    primaryKey: { columns: ["id"] },
  };
}
