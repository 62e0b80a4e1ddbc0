import { AthanorError } from "../errors.js";
import type { AddColumn } from "./operation.js";

/**
 * The refusal of a dialect that always adds a column last (PostgreSQL, SQLite) when an
 * `addColumn` asks for a position: rendering it last would silently ignore what it asks for.
 *
 * @example
 * ```ts
 * if (op.position !== undefined) throw columnPositionUnsupported("postgresql", op);
 * ```
 */
export function columnPositionUnsupported(dialect: string, op: AddColumn): AthanorError {
  const where =
    op.position !== undefined && "after" in op.position ? `after "${op.position.after}"` : "first";
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `addColumn places column "${op.column.name}" ${where}, but ${dialect} always adds a column last (only a table rebuild reorders columns). Leave out the position for ${dialect} (branch on op.dialect).`,
    { dialect, column: op.column.name, feature: "column position" },
  );
}
