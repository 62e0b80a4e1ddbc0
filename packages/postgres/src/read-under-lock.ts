import type { Connection } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { advisoryLockId } from "./lock.js";

/** A session that sends several SELECTs in one round trip (postgres-driver's `selectAll`). */
interface BatchingConnection {
  selectAll?(statements: readonly string[]): Promise<unknown[][] | undefined>;
}

/**
 * `Dialect.readUnderLock` on PostgreSQL: `pg_try_advisory_lock`, `read` and the unlock in one
 * simple-query message (one round trip). Undefined when the lock was not free (the read, made
 * without it, is dropped; another session's lock is untouched), on a hot standby (the waiting
 * path refuses it with its coded error) or when the session cannot batch. The unlock runs only
 * where this session holds the lock, so no "you don't own a lock" warning reaches the output;
 * a failing read aborts the rest of the message with the lock still held (session-level locks
 * ignore the rollback), so it is released before the error is passed on.
 *
 * @example
 * ```ts
 * const rows = await readUnderAdvisoryLock(conn, "athanor:.athanor_version", "SELECT * FROM athanor_version");
 * ```
 */
export async function readUnderAdvisoryLock(
  conn: Connection,
  key: string,
  read: string,
): Promise<Record<string, unknown>[] | undefined> {
  const { selectAll } = conn as Connection & BatchingConnection;
  if (selectAll === undefined) return undefined;
  const id = `'${advisoryLockId(key).toString()}'::bigint`;
  const unlock =
    `SELECT pg_advisory_unlock(${id}) AS released FROM pg_locks ` +
    `WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1 ` +
    `AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) ` +
    `AND classid = ((${id} >> 32) & 4294967295)::oid AND objid = (${id} & 4294967295)::oid`;
  let sets: unknown[][] | undefined;
  try {
    sets = await selectAll.call(conn, [
      `SELECT pg_try_advisory_lock(${id}) AS locked, pg_is_in_recovery() AS standby`,
      read,
      unlock,
    ]);
  } catch (error) {
    await conn.query(unlock).catch(() => undefined);
    throw error;
  }
  if (sets === undefined) return undefined;
  const [lock, rows, released] = sets as Record<string, unknown>[][];
  if (lock?.[0]?.locked !== true || lock[0].standby === true) return undefined;
  if (released?.[0]?.released !== true) {
    throw new AthanorError(
      "ATHANOR_LOCK_LOST",
      `pg_advisory_unlock found no migration lock to release right after pg_try_advisory_lock took it in the same message: the session lost it.`,
      { key },
    );
  }
  return rows ?? [];
}
