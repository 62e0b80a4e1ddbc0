import { createHash } from "node:crypto";
import type { Connection, LockOptions } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteLiteral } from "./quote.js";

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
 * {@link mysqlLockName} as an SQL expression the server evaluates with its own `DATABASE()`, so
 * a batch can take the lock without first asking the session's database in a round trip of its
 * own. The same name for every database and key (`lock.test.ts` compares them on the server).
 *
 * @example
 * ```ts
 * `SELECT GET_LOCK(${mysqlLockNameSql("athanor:.athanor_version")}, 0)`;
 * ```
 */
export function mysqlLockNameSql(key: string): string {
  const db = "CONVERT(IFNULL(DATABASE(), '') USING utf8mb4)";
  const k = quoteLiteral(key);
  const plain = `CONCAT('athanor:', ${db}, ':', ${k})`;
  const hashed = `CONCAT('athanor:', LEFT(SHA2(CONCAT(${db}, CHAR(0 USING utf8mb4), ${k}), 256), 48))`;
  return `IF(CHAR_LENGTH(${plain}) <= ${MAX_LOCK_NAME_LENGTH}, ${plain}, ${hashed})`;
}

/** A session that sends several SELECTs in one round trip (mysql-driver's `selectAll`). */
interface BatchingConnection {
  selectAll?(statements: readonly string[]): Promise<unknown[][] | undefined>;
}

/**
 * `Dialect.readUnderLock` on a single server: `GET_LOCK(name, 0)`, `read` and `RELEASE_LOCK` in
 * one multi-statement round trip, after the `before` reads (their rows are returned). Undefined
 * when the lock was not free (the read, made without it, is dropped; the other session's lock is
 * untouched: RELEASE_LOCK frees only a lock this session holds) or the session cannot batch. When
 * the read fails the batch stops there, still holding the lock, so it is released before the
 * error is passed on.
 *
 * @example
 * ```ts
 * const read = await readUnderMysqlLock(conn, "athanor:.athanor_version", "SELECT * FROM athanor_version");
 * ```
 */
export async function readUnderMysqlLock(
  conn: Connection,
  key: string,
  read: string,
  before: readonly string[] = [],
): Promise<{ readonly before: unknown[][]; readonly rows: Record<string, unknown>[] } | undefined> {
  const { selectAll } = conn as Connection & BatchingConnection;
  if (selectAll === undefined) return undefined;
  const name = mysqlLockNameSql(key);
  const release = `SELECT RELEASE_LOCK(${name}) AS released`;
  let sets: unknown[][] | undefined;
  try {
    sets = await selectAll.call(conn, [...before, `SELECT GET_LOCK(${name}, 0) AS got`, read, release]);
  } catch (error) {
    await conn.query(release).catch(() => undefined);
    throw error;
  }
  if (sets === undefined) return undefined;
  const [got, rows, released] = sets.slice(before.length) as Record<string, unknown>[][];
  if (Number(got?.[0]?.got) !== 1) return undefined;
  if (Number(released?.[0]?.released) !== 1) {
    throw new AthanorError(
      "ATHANOR_LOCK_LOST",
      `RELEASE_LOCK returned ${String(released?.[0]?.released)} right after GET_LOCK took the migration lock in the same batch: the session lost it.`,
      { key },
    );
  }
  return { before: sets.slice(0, before.length), rows: rows ?? [] };
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
