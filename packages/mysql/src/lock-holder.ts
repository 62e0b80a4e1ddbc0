import type { Connection, MigrationLockHolder } from "@athanor/core";
import { mysqlLockName } from "./lock.js";

interface ProcessRow {
  readonly ID: number | string;
  readonly USER: string | null;
  readonly HOST: string | null;
  readonly COMMAND: string | null;
  readonly TIME: number | string | null;
  readonly STATE: string | null;
  readonly INFO: string | null;
}

/**
 * Who holds the migration lock of `key` in this database: `IS_USED_LOCK` names the connection,
 * the process list describes it. MySQL keeps no session start or application name there, so
 * those are null and `state` says what the session does and for how long (`Sleep for 12 s`).
 * A holder that disconnects between the two reads shows as free, which it then is.
 *
 * @example
 * ```ts
 * const holder = await mysqlLockHolder(conn, "athanor:.athanor_version"); // { pid: 42, user: "root", ... } | null
 * ```
 */
export async function mysqlLockHolder(conn: Connection, key: string): Promise<MigrationLockHolder | null> {
  const { rows: dbRows } = await conn.query<{ db: string | null }>("SELECT DATABASE() AS db");
  const name = mysqlLockName(dbRows[0]?.db ?? "", key);
  const { rows } = await conn.query<{ id: number | string | null }>("SELECT IS_USED_LOCK(?) AS id", [name]);
  const id = rows[0]?.id;
  if (id === null || id === undefined) return null;
  const { rows: processes } = await conn.query<ProcessRow>(
    "SELECT ID, USER, HOST, COMMAND, TIME, STATE, INFO FROM information_schema.PROCESSLIST WHERE ID = ?",
    [Number(id)],
  );
  const p = processes[0];
  if (p === undefined) return null;
  const activity = [p.COMMAND, p.STATE].filter((part) => part !== null && part !== "").join(": ");
  return {
    pid: Number(p.ID),
    applicationName: null,
    user: p.USER,
    clientAddr: p.HOST,
    backendStart: null,
    state: activity === "" ? null : `${activity}${p.TIME === null ? "" : ` for ${Number(p.TIME)} s`}`,
    query: p.INFO === null ? null : String(p.INFO).slice(0, 200),
  };
}
