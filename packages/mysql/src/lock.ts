import { createHash } from "node:crypto";
import type { Connection, LockOptions } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";

/** MySQL refuses lock names longer than 64 characters. */
export const MAX_LOCK_NAME_LENGTH = 64;

/**
 * The server-wide lock name for a runner key in one database. `GET_LOCK` names are global to
 * the server (unlike PostgreSQL advisory locks, which are per database), so the database name
 * is part of it; when the result would pass 64 characters it is hashed.
 *
 * @example
 * ```ts
 * mysqlLockName("app", "athanor:.athanor_version"); // "athanor:app:athanor:.athanor_version"
 * ```
 */
export function mysqlLockName(database: string, key: string): string {
  const plain = `athanor:${database}:${key}`;
  if ([...plain].length <= MAX_LOCK_NAME_LENGTH) return plain;
  return `athanor:${createHash("sha256").update(`${database}\u0000${key}`).digest("hex").slice(0, 48)}`;
}

/**
 * The name each session took its locks under. Release uses it rather than asking `DATABASE()`
 * again: a revision that ran `USE other` would otherwise release another name and leave its
 * lock held by a session that a fleet pool lends to the next tenant.
 */
const heldNames = new WeakMap<Connection, Map<string, string>>();

async function lockName(conn: Connection, key: string): Promise<string> {
  const { rows } = await conn.query<{ db: string | null }>("SELECT DATABASE() AS db");
  return mysqlLockName(rows[0]?.db ?? "", key);
}

/**
 * Takes the migration lock with `GET_LOCK(name, 0)` polled every `pollMs` until `timeoutMs`:
 * a try-lock, never a blocking wait, and held by the session so it survives the implicit
 * commits of DDL and is released by the server if the process dies.
 *
 * @example
 * ```ts
 * const { waitedMs } = await acquireMysqlLock(conn, "athanor:.athanor_version", { timeoutMs: 60_000, pollMs: 250 });
 * ```
 */
export async function acquireMysqlLock(
  conn: Connection,
  key: string,
  options: LockOptions,
): Promise<{ readonly waitedMs: number }> {
  const name = await lockName(conn, key);
  const started = performance.now();
  for (;;) {
    const { rows } = await conn.query<{ got: number | string | null }>("SELECT GET_LOCK(?, 0) AS got", [
      name,
    ]);
    const got = rows[0]?.got;
    if (got === null || got === undefined) {
      throw new AthanorError(
        "ATHANOR_LOCK_TIMEOUT",
        `GET_LOCK(${name}) returned NULL: the server could not take the lock (out of memory or killed).`,
        {
          key,
          lockName: name,
        },
      );
    }
    if (Number(got) === 1) {
      const held = heldNames.get(conn) ?? new Map<string, string>();
      held.set(key, name);
      heldNames.set(conn, held);
      return { waitedMs: Math.round(performance.now() - started) };
    }
    const waited = performance.now() - started;
    if (waited >= options.timeoutMs) {
      throw new AthanorError(
        "ATHANOR_LOCK_TIMEOUT",
        `Another athanor run has held the migration lock ${JSON.stringify(name)} for over ${options.timeoutMs} ms. ` +
          "Wait for it to finish and retry; if no run is active, find the session holding it with " +
          `\`SELECT IS_USED_LOCK(${JSON.stringify(name)})\` and end it with KILL.`,
        { key, lockName: name, timeoutMs: options.timeoutMs },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs, options.timeoutMs - waited)));
  }
}

/**
 * Releases the lock taken by {@link acquireMysqlLock} on the same session, under the name it was
 * taken with. Fails with ATHANOR_LOCK_LOST when the server says this session did not hold it (a
 * caller that reuses sessions must then end this one rather than lend it on).
 *
 * @example
 * ```ts
 * await releaseMysqlLock(conn, "athanor:.athanor_version");
 * ```
 */
export async function releaseMysqlLock(conn: Connection, key: string): Promise<void> {
  const held = heldNames.get(conn);
  const name = held?.get(key) ?? (await lockName(conn, key));
  held?.delete(key);
  const { rows } = await conn.query<{ released: number | string | null }>(
    "SELECT RELEASE_LOCK(?) AS released",
    [name],
  );
  if (Number(rows[0]?.released) !== 1) {
    throw new AthanorError(
      "ATHANOR_LOCK_LOST",
      `RELEASE_LOCK(${JSON.stringify(name)}) returned ${String(rows[0]?.released)}: this session did not hold the migration lock.`,
      { key, lockName: name },
    );
  }
}
