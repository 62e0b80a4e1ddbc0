import { type IndexModel, type NameInput, type Operation, operations } from "@athanor/core";
import { indexInput, type NameContext } from "./model-to-input.js";

/**
 * `createIndex` for an index of the model, built with its storage parameters (PostgreSQL
 * `WITH (fillfactor = 70)`), so the pages the build writes follow them.
 * `createIndexOps(ctx, "users", index)`
 */
export function createIndexOps(ctx: NameContext, table: NameInput, index: IndexModel): Operation[] {
  const { keys, ...options } = indexInput(ctx, index);
  return [operations.createIndex(index.name, table, keys, options)];
}

/**
 * `dropIndex` recording the whole index, storage parameters included, so the downgrade
 * restores it as it was. `dropIndexOps(ctx, "users", index)`
 */
export function dropIndexOps(ctx: NameContext, table: NameInput, index: IndexModel): Operation[] {
  return [operations.dropIndex(index.name, table, { existing: indexInput(ctx, index) })];
}
