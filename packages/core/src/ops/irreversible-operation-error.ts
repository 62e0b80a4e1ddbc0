import { AthanorError } from "../errors.js";
import type { Operation } from "./operation.js";

/**
 * Thrown by `reverse` when an operation has no automatic inverse: the data the inverse needs
 * is not recorded in the operation (`missing` lists the fields to add), or the database
 * cannot undo it at all (`missing` is empty). Code: ATHANOR_IRREVERSIBLE_OPERATION.
 *
 * @example
 * ```ts
 * try { reverse(operations.dropColumn("users", "email")) }
 * catch (e) { if (isAthanorError(e) && e.code === "ATHANOR_IRREVERSIBLE_OPERATION") console.log(e.meta.missing) } // ["existing"]
 * ```
 */
export class IrreversibleOperationError extends AthanorError {
  constructor(op: Operation, reason: string, missing: readonly string[], hint: string) {
    super(
      "ATHANOR_IRREVERSIBLE_OPERATION",
      `Cannot reverse ${op.kind}${describeTarget(op)}: ${reason}. ${hint}`,
      { kind: op.kind, target: describeTarget(op).trim(), missing: [...missing], reason },
    );
    this.name = "IrreversibleOperationError";
  }
}

function describeTarget(op: Operation): string {
  const named = op as { table?: { schema?: string; name: string }; name?: unknown };
  const qualified = (q: { schema?: string; name: string }) =>
    q.schema === undefined ? q.name : `${q.schema}.${q.name}`;
  if (named.table !== undefined) return ` on ${qualified(named.table)}`;
  if (typeof named.name === "string") return ` ${named.name}`;
  if (typeof named.name === "object" && named.name !== null)
    return ` ${qualified(named.name as { name: string })}`;
  return "";
}
