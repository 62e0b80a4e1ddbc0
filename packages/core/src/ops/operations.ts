import { constraintOperations } from "./constraint-operations.js";
import { tableOperations } from "./table-operations.js";
import { typeOperations } from "./type-operations.js";
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
export const operations = {
  ...tableOperations,
  ...constraintOperations,
  ...typeOperations,
  ...viewOperations,
} as const;

/** The type of {@link operations}: one factory per builder method. */
export type OperationFactories = typeof operations;
