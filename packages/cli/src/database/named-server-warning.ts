import type { RunnerWarning } from "@athanor/core/dialect";
import type { DatabaseRun } from "./open-database-run.js";

/**
 * For a command that reads the database without running revisions (`check`, `diff`): the
 * dialect's warning when the server is not the one the config names for offline work (MySQL's
 * `mysql.serverVersion`), as `upgrade` reports it among its run warnings. Connects only when the
 * config names one; `[]` otherwise.
 *
 * @example
 * ```ts
 * const warnings = await namedServerWarnings(run); // [{ code: "ATHANOR_SERVER_VERSION_MISMATCH", message: "…" }]
 * ```
 */
export async function namedServerWarnings(
  run: Pick<DatabaseRun, "module" | "target" | "migration">,
): Promise<RunnerWarning[]> {
  const judge = run.module.namedServerCheck?.(run.target);
  if (judge === undefined) return [];
  const conn = await run.migration.options.dialect.connect();
  try {
    const warning = judge(await run.module.serverVersionText(conn));
    return warning === undefined ? [] : [warning];
  } finally {
    await conn.close();
  }
}
