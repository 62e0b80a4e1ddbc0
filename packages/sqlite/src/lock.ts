import { hostname, userInfo } from "node:os";
import type { Connection, LockOptions, MigrationLockHolder } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { startedAfter } from "./process-start.js";
import { quoteIdent } from "./quote.js";

/**
 * The table holding SQLite's migration lock. SQLite has no advisory locks, and holding a write
 * transaction for the whole run would block the revisions' own transactions, so the lock is a
 * row: taken inside `BEGIN IMMEDIATE` (one writer at a time, across processes on the file),
 * owned by a process (host + pid, and when it took the lock), and taken over only when that
 * process is gone.
 */
export const SQLITE_LOCK_TABLE = "athanor_lock";

const T = quoteIdent(SQLITE_LOCK_TABLE);

/** The statement creating the lock table (idempotent). */
export const CREATE_LOCK_TABLE =
  `CREATE TABLE IF NOT EXISTS ${T} (key text PRIMARY KEY NOT NULL, host text NOT NULL, pid integer NOT NULL, ` +
  "os_user text, acquired_at text NOT NULL, statement text) WITHOUT ROWID";

interface LockRow {
  readonly key: string;
  readonly host: string;
  readonly pid: number;
  readonly os_user: string | null;
  readonly acquired_at: string;
  readonly statement: string | null;
}

const me = () => ({ host: hostname(), pid: process.pid });

/**
 * Whether the process that wrote `row` is gone: only decidable on this host (a signal-0 probe);
 * a row from another host is held until its process releases it or someone deletes it. A process
 * now running under the row's pid that started after the row was written is another one: after
 * kill -9 a restarted container runs athanor as pid 1 again, which waited on its own dead
 * predecessor's row until the lock timeout, on every restart, while `status` said "free".
 */
function holderIsGone(row: LockRow): boolean {
  if (row.host !== hostname()) return false;
  if (startedAfter(row.pid, Date.parse(row.acquired_at))) return true;
  if (row.pid === process.pid) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "ESRCH";
  }
}

/**
 * One attempt, inside its own IMMEDIATE transaction: "taken" when this process now holds `key`,
 * "held" when another process does, "busy" when another connection's transaction kept the file
 * (BEGIN IMMEDIATE or the COMMIT) past the busy timeout. An application's write transaction
 * longer than the busy timeout used to escape as a failed session, not a wait for the lock.
 */
async function tryLock(conn: Connection, key: string): Promise<"taken" | "held" | "busy"> {
  try {
    await conn.query("BEGIN IMMEDIATE");
  } catch (error) {
    if (isBusy(error)) return "busy";
    throw error;
  }
  try {
    await conn.query(CREATE_LOCK_TABLE);
    const [row] = (await conn.query<LockRow>(`SELECT * FROM ${T} WHERE key = ?`, [key])).rows;
    if (row !== undefined && !holderIsGone(row)) {
      await conn.query("COMMIT");
      return "held";
    }
    if (row !== undefined) await conn.query(`DELETE FROM ${T} WHERE key = ?`, [key]);
    await conn.query(
      `INSERT INTO ${T} (key, host, pid, os_user, acquired_at, statement) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        key,
        me().host,
        me().pid,
        osUser(),
        new Date().toISOString(),
        process.argv.slice(1).join(" ").slice(0, 200),
      ],
    );
    await conn.query("COMMIT");
    return "taken";
  } catch (error) {
    await conn.query("ROLLBACK").catch(() => undefined);
    if (isBusy(error)) return "busy"; // another connection is reading or writing: poll again
    throw error;
  }
}

/**
 * {@link tryLock} with the session's busy timeout cut to the lock's time left, so a busy file
 * does not keep the caller past `--lock-timeout` (each busy wait took the whole 5 s); restored after.
 */
async function tryLockWithin(
  conn: Connection,
  key: string,
  leftMs: number,
): Promise<"taken" | "held" | "busy"> {
  const [current] = (await conn.query<{ timeout: number }>("PRAGMA busy_timeout")).rows;
  const busyTimeout = Number(current?.timeout ?? 0);
  const bounded = Math.max(1, Math.min(busyTimeout, Math.ceil(leftMs)));
  if (bounded === busyTimeout) return tryLock(conn, key);
  await conn.query(`PRAGMA busy_timeout = ${bounded}`);
  try {
    return await tryLock(conn, key);
  } finally {
    await conn.query(`PRAGMA busy_timeout = ${busyTimeout}`);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * Takes the migration lock for `key`, polled every `pollMs` until `timeoutMs` (then
 * ATHANOR_LOCK_TIMEOUT naming the holder). A holder whose process died on this host is taken
 * over; the lock is not reentrant, even for the same process.
 *
 * @example
 * ```ts
 * await acquireSqliteLock(conn, "athanor:.athanor_version", { timeoutMs: 60_000, pollMs: 250 });
 * ```
 */
export async function acquireSqliteLock(
  conn: Connection,
  key: string,
  options: LockOptions,
): Promise<{ readonly waitedMs: number }> {
  const started = performance.now();
  for (;;) {
    const left = options.timeoutMs - (performance.now() - started);
    const attempt = await tryLockWithin(conn, key, left);
    if (attempt === "taken") return { waitedMs: Math.round(performance.now() - started) };
    const waited = performance.now() - started;
    if (waited >= options.timeoutMs) {
      const holder = await sqliteLockHolder(conn, key).catch(() => null);
      if (holder === null && attempt === "busy") throw fileStayedBusy(key, options.timeoutMs);
      const who =
        holder === null
          ? "another run"
          : `process ${holder.pid} on ${holder.clientAddr ?? "?"} (since ${holder.backendStart ?? "?"})`;
      throw new AthanorError(
        "ATHANOR_LOCK_TIMEOUT",
        `${who} has held the migration lock ${JSON.stringify(key)} for over ${options.timeoutMs} ms. ` +
          `Wait for it to finish and retry; if that process is gone, delete its row: DELETE FROM ${SQLITE_LOCK_TABLE} WHERE key = '${key.replaceAll("'", "''")}'.`,
        {
          key,
          timeoutMs: options.timeoutMs,
          holderPid: holder?.pid ?? null,
          holderHost: holder?.clientAddr ?? null,
        },
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(options.pollMs, options.timeoutMs - waited)));
  }
}

/** The lock could not even be looked at: another connection's transaction kept the file busy. */
function fileStayedBusy(key: string, timeoutMs: number): AthanorError {
  return new AthanorError(
    "ATHANOR_LOCK_TIMEOUT",
    `The database file stayed busy for over ${timeoutMs} ms: another connection held a transaction on it (an application's long write, or a long read in rollback-journal mode), so the migration lock ${JSON.stringify(key)} could not be taken; no athanor run holds it. Retry when that transaction has ended, or give the lock more time.`,
    { key, timeoutMs, holderPid: null, holderHost: null },
  );
}

/**
 * Releases the lock if this process holds it.
 *
 * @example
 * ```ts
 * await releaseSqliteLock(conn, "athanor:.athanor_version");
 * ```
 */
export async function releaseSqliteLock(conn: Connection, key: string): Promise<void> {
  await conn.query(`DELETE FROM ${T} WHERE key = ? AND host = ? AND pid = ?`, [key, me().host, me().pid]);
}

/**
 * Who holds `key` (another process), or null: its pid, host (as `clientAddr`), OS user, when it
 * took the lock and its command line.
 *
 * @example
 * ```ts
 * (await sqliteLockHolder(conn, "athanor:.athanor_version"))?.pid;
 * ```
 */
export async function sqliteLockHolder(conn: Connection, key: string): Promise<MigrationLockHolder | null> {
  const exists = await conn.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [
    SQLITE_LOCK_TABLE,
  ]);
  if (exists.rows.length === 0) return null;
  const [row] = (await conn.query<LockRow>(`SELECT * FROM ${T} WHERE key = ?`, [key])).rows;
  if (row === undefined || (row.host === me().host && row.pid === me().pid) || holderIsGone(row)) return null;
  return lockRowHolder(row, "holding the lock");
}

/**
 * A lock row as `athanor status` shows its holder: pid, host (as `clientAddr`), OS user, since when, command line.
 *
 * @example
 * ```ts
 * lockRowHolder({ host: "ci-7", pid: 42, os_user: "deploy", acquired_at: "2026-01-02T03:04:05Z", statement: null }, "holding the lock");
 * ```
 */
export function lockRowHolder(
  row: Pick<LockRow, "host" | "pid" | "os_user" | "acquired_at" | "statement">,
  state: string,
): MigrationLockHolder {
  return {
    pid: Number(row.pid),
    applicationName: "athanor",
    user: row.os_user,
    clientAddr: row.host,
    backendStart: row.acquired_at,
    state,
    query: row.statement,
  };
}
