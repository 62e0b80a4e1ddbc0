/**
 * The names of `op`'s builder methods (the keys of `operations`). The factories themselves load
 * on first call, from the chunk the runner's step code loads too: a caller that only needs the
 * names — the CLI's reader of literal revision modules — then imports neither core's root barrel
 * (lint, fleet and differ code a revert never runs) nor the factories ahead of the steps.
 *
 * @example
 * ```ts
 * const builders = new Set(await operationNames()); // "createTable", "addColumn", …
 * ```
 */
export async function operationNames(): Promise<readonly string[]> {
  const { operations } = await import("../ops/operations.js");
  return Object.keys(operations);
}
