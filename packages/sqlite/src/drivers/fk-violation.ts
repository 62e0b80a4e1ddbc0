import type { Connection } from "@athanor/core";
import { FOREIGN_KEY_VIOLATION } from "../render/rebuild.js";

/**
 * When `error` is the foreign key check's abort (render/rebuild.ts), names the offending rows in
 * its message: `foreign key violation: row 7 of children references a missing row of parents`.
 * RAISE aborts only its statement, so the transaction is still open and `PRAGMA
 * foreign_key_check` still sees the rows. Any other error is returned as it is.
 */
export async function explainViolation(error: unknown, query: Connection["query"]): Promise<unknown> {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== "string" || !message.includes(FOREIGN_KEY_VIOLATION)) return error;
  try {
    const { rows } = await query<{ table: string; row: number | null; parent: string }>(
      'SELECT "table", rowid AS "row", parent FROM pragma_foreign_key_check LIMIT 3',
    );
    if (rows.length === 0) return error;
    const named = rows
      .map((r) => `row ${r.row ?? "NULL"} of ${r.table} references a missing row of ${r.parent}`)
      .join("; ");
    return Object.assign(error as object, {
      message: `${FOREIGN_KEY_VIOLATION}: ${named} (PRAGMA foreign_key_check)`,
    });
  } catch {
    return error;
  }
}
