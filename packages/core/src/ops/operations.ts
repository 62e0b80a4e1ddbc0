import { checkArguments } from "./argument-shapes.js";
import { columnSettingOperations } from "./column-setting-operations.js";
import { constraintOperations } from "./constraint-operations.js";
import { dependentsGuardOperations } from "./dependents-guard-operations.js";
import { syncTriggerOperations } from "./sync-trigger-operations.js";
import { tableOperations } from "./table-operations.js";
import { typeOperations } from "./type-operations.js";
import { valuesFitGuardOperations } from "./values-fit-guard-operations.js";
import { viewOperations } from "./view-operations.js";

/**
 * Every operation factory in one object. Each validates its arguments (throwing
 * ATHANOR_INVALID_OPERATION), normalises them and returns frozen data. The `op` handed to a
 * revision (`createOp`) has the same methods and emits what these return; the differ and
 * tests call them directly.
 *
 * @example
 * ```ts
 * import { operations, reverse } from "@athanor/core";
 * const add = operations.addColumn({ schema: "app", name: "users" }, { name: "timezone", type: "text" });
 * reverse(add); // { kind: "dropColumn", table: { schema: "app", name: "users" }, column: "timezone", existing: {...} }
 * ```
 */
export const operations = checked({
  ...tableOperations,
  ...constraintOperations,
  ...typeOperations,
  ...columnSettingOperations,
  ...viewOperations,
  ...syncTriggerOperations,
  ...dependentsGuardOperations,
  ...valuesFitGuardOperations,
} as const);

/** Each factory, its option arguments checked first (see {@link checkArguments}). */
function checked<T extends { readonly [builder: string]: (...args: never[]) => unknown }>(factories: T): T {
  const out: Record<string, unknown> = {};
  for (const [builder, factory] of Object.entries(factories)) {
    out[builder] = (...args: never[]) => {
      checkArguments(builder, args);
      return factory(...args);
    };
  }
  return Object.freeze(out) as T;
}

/** The type of {@link operations}: one factory per builder method. */
export type OperationFactories = typeof operations;
