import { compact } from "./normalize.js";
import type { AddUnique, CreateIndex, DropConstraint, DropIndex } from "./operation.js";

/**
 * The drop and the create an index or unique key with `replaces` stands for, in that order: how a
 * dialect with transactional DDL (PostgreSQL, SQLite) runs it, as two statements of one
 * transaction. `undefined` when `op` replaces nothing.
 *
 * @example
 * ```ts
 * const steps = replacementSteps(op); // [dropConstraint users_email_key, addUnique users_email_key]
 * ```
 */
export function replacementSteps(
  op: CreateIndex | AddUnique,
): readonly [DropIndex | DropConstraint, CreateIndex | AddUnique] | undefined {
  if (op.replaces === undefined) return undefined;
  const { replaces: _, ...create } = op;
  const old = op.replaces.existing;
  const drop: DropIndex | DropConstraint =
    "keys" in old
      ? { kind: "dropIndex", name: op.name, table: op.table, existing: old }
      : compact({ kind: "dropConstraint", table: op.table, name: op.name, existing: old });
  return [drop, create];
}
