import { type IndexModel, type NameInput, type Operation, operations } from "@athanor/core";
import { storageParameters } from "../index-storage-parameters.js";
import { indexInput, type NameContext } from "./model-to-input.js";

/**
 * `createIndex` for an index of the model, then (PostgreSQL) its storage parameters, which
 * `createIndex` has no field for, as `alterIndexStorage` recording that they were at their defaults.
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
  const values = storageParameters(index);
  const defaults = Object.fromEntries(Object.keys(values).map((k) => [k, null]));
  return [
    way === "set"
      ? operations.alterIndexStorage(index.name, table, { set: values }, { existing: defaults })
      : operations.alterIndexStorage(index.name, table, { reset: Object.keys(values) }, { existing: values }),
  ];
}
