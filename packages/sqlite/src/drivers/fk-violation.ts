import type { Connection } from "@athanor/core";
import { FOREIGN_KEY_CHECK_INSERT, FOREIGN_KEY_VIOLATION } from "../render/rebuild.js";
import { splitStatements } from "./split-statements.js";

/**
 * When `error` is the foreign key check's abort (render/rebuild.ts), names the offending rows in
 * its message: `foreign key violation: row 7 of children references a missing row of parents`.
 * RAISE aborts only its statement, so the transaction is still open and `PRAGMA
 * foreign_key_check` still sees the rows. Any other error is returned as it is.
 */
export async function explainViolation(
  error: unknown,
  query: Connection["query"],
  /** The SQL that failed: its check names the rows it looked at (a backfill batch checks only its tables). */
  sql = "",
): Promise<unknown> {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== "string" || !message.includes(FOREIGN_KEY_VIOLATION)) return error;
  const check = splitStatements(sql).find((s) => s.startsWith(FOREIGN_KEY_CHECK_INSERT));
  const violations =
    check?.slice(FOREIGN_KEY_CHECK_INSERT.length) ??
    'SELECT "table", rowid, parent FROM pragma_foreign_key_check';
  try {
    const { rows } = await query<{ table: string; row: number | null; parent: string }>(
      `SELECT v."table", v.rowid AS "row", v.parent FROM (${violations}) AS v LIMIT 3`,
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
