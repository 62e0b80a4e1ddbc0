import type { Connection, DialectRunWarning } from "@athanor/core/dialect";
import { SEES_ALL_SESSIONS, WITHOUT_PROCESS_PRIVILEGE } from "./render/dependents-guard.js";

/**
 * `Dialect.runWarnings`: on MariaDB, a session without the PROCESS privilege, whose
 * `requireNoDependents` checks cannot see other users' DDL (see `unsettledBlock`); nothing when
 * the run skips those checks (`--allow-broken-dependents`). MySQL 8's catalogue is transactional:
 * its check needs no process list.
 *
 * @example
 * ```ts
 * await mysqlRunWarnings(conn, "mariadb", { allowBrokenDependents: false });
 * // [{ code: "ATHANOR_PROCESS_PRIVILEGE_MISSING", operations: ["requireNoDependents"], message: "…" }]
 * ```
 */
export async function mysqlRunWarnings(
  conn: Connection,
  flavor: "mysql" | "mariadb",
  run: { readonly allowBrokenDependents: boolean },
): Promise<readonly DialectRunWarning[]> {
  if (flavor !== "mariadb" || run.allowBrokenDependents) return [];
  const rows = (await conn.query<{ sees: unknown }>(`SELECT ${SEES_ALL_SESSIONS} AS sees`)).rows;
  if (Number(rows[0]?.sees) === 1) return [];
  return [
    {
      code: "ATHANOR_PROCESS_PRIVILEGE_MISSING",
      message: `the op.requireNoDependents checks may miss objects outside the models: ${WITHOUT_PROCESS_PRIVILEGE}. Grant it (GRANT PROCESS ON *.* TO the migration user) for checks that see every session`,
      operations: ["requireNoDependents"],
    },
  ];
}
