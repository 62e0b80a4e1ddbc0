import { type IndexModel, type NameInput, type Operation, operations } from "@athanor/core";
import { indexInput, type NameContext } from "./model-to-input.js";
import { quoteQualifiedName } from "./raw-sql.js";

/**
 * `createIndex` for an index of the model, then (PostgreSQL) its storage parameters, which
 * `createIndex` has no field for, as `ALTER INDEX ... SET (...)` with its inverse.
 * `createIndexOps(ctx, "users", index)`
 */
export function createIndexOps(ctx: NameContext, table: NameInput, index: IndexModel): Operation[] {
  const { keys, ...options } = indexInput(ctx, index);
  return [
    operations.createIndex(index.name, table, keys, options),
    ...storageSteps(ctx, table, index, "set"),
  ];
}

/**
 * `dropIndex` recording the whole index, preceded by the reset of its storage parameters so the
 * downgrade restores them too. `dropIndexOps(ctx, "users", index)`
 */
export function dropIndexOps(ctx: NameContext, table: NameInput, index: IndexModel): Operation[] {
  return [
    ...storageSteps(ctx, table, index, "reset"),
    operations.dropIndex(index.name, table, { existing: indexInput(ctx, index) }),
  ];
}

function storageSteps(
  ctx: NameContext,
  table: NameInput,
  index: IndexModel,
  way: "set" | "reset",
): Operation[] {
  if (!ctx.hooks.indexStorageParameters || index.with.length === 0) return [];
  const schema = typeof table === "string" ? ctx.defaultSchema : (table.schema ?? ctx.defaultSchema);
  const name = quoteQualifiedName(ctx, schema, index.name);
  const set = `ALTER INDEX ${name} SET (${index.with.join(", ")})`;
  const reset = `ALTER INDEX ${name} RESET (${index.with.map((w) => w.split("=")[0]).join(", ")})`;
  return [
    way === "set" ? operations.execute(set, { down: reset }) : operations.execute(reset, { down: set }),
  ];
}
