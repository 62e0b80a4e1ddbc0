import type { Connection, LockOptions, MigrationLockHolder } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";

// The migration lock on a PostgreSQL server: a session-level advisory lock taken with
// pg_try_advisory_lock and polled, never the blocking pg_advisory_lock. A runner that blocks
// inside the server while the holder runs CREATE INDEX CONCURRENTLY deadlocks with it: CIC
// waits for every transaction that could see the table, including the waiter's (flyway#1654).
// Polling keeps the waiter outside any transaction. Session-level (not xact) so the lock spans
// the per-revision transactions and the non-transactional revisions between them, and so the
// server drops it when the session dies: a killed runner leaves no stale lock.

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/**
 * The bigint key of the advisory lock for a lock key string: FNV-1a 64 over the UTF-8 bytes of
 * `key`, read as a signed 64-bit integer (PostgreSQL's bigint). The runner passes
 * `athanor:<schema>.<version table>`, so two apps with their own version tables in one
 * database don't block each other, and advisory locks are per database anyway. Stable across
 * versions and platforms: changing it would let an old and a new athanor migrate at once.
 *
 * @example
 * ```ts
 * advisoryLockId("athanor:.athanor_version"); // a fixed bigint
 * ```
 */
export function advisoryLockId(key: string): bigint {
  let hash = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV64_PRIME) & MASK64;
  }
  return BigInt.asIntN(64, hash);
}

/**
 * The lock id as a quoted literal: a statement without parameters is one round trip, where a
 * bound parameter of unknown type costs postgres.js a describe round trip first. Quoted, so the
 * lowest bigint (whose digits alone overflow bigint) still reads as one.
 */
function lockIdLiteral(id: string): string {
  return `'${id}'::bigint`;
}

/** The session holding the migration lock, as pg_stat_activity describes it (core's shape). */
export type LockHolder = MigrationLockHolder;

/**
 * Takes the migration lock on `conn`'s session, polling `pg_try_advisory_lock` every
 * `pollMs` until `timeoutMs`; then fails with ATHANOR_LOCK_TIMEOUT naming the holder.
 * Returns how long it waited (0 when the lock was free).
 *
 * @example
 * ```ts
 * const { waitedMs } = await acquireAdvisoryLock(conn, "athanor:.athanor_version", { timeoutMs: 60_000, pollMs: 250 });
 * ```
 */
export async function acquireAdvisoryLock(
  conn: Connection,
  key: string,
  options: LockOptions,
): Promise<{ readonly waitedMs: number }> {
  const id = advisoryLockId(key).toString();
  const started = performance.now();
  for (;;) {
    // Asked with the lock, in the same round trip: a hot standby takes advisory locks but can
    // write nothing, so a run there would fail later at its first write, after planning.
    const { rows } = await conn.query<{ locked: boolean; standby: boolean }>(
      `SELECT pg_try_advisory_lock(${lockIdLiteral(id)}) AS locked, pg_is_in_recovery() AS standby`,
    );
    const waitedMs = performance.now() - started;
    if (rows[0]?.standby === true) {
      if (rows[0].locked) await releaseAdvisoryLock(conn, key);
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        "This PostgreSQL server is a hot standby (pg_is_in_recovery() is true): it is read-only and replays the primary's changes. Point the URL at the primary; nothing was run.",
        { dialect: "postgresql", feature: "migrating a standby", what: "standby" },
      );
    }
    if (rows[0]?.locked === true) return { waitedMs };
    if (waitedMs >= options.timeoutMs) {
      const holder = await advisoryLockHolder(conn, key).catch(() => null);
      throw lockTimeout(key, id, options.timeoutMs, holder);
    }
    await sleep(Math.min(Math.max(options.pollMs, 1), options.timeoutMs - waitedMs));
  }
}

/**
 * Releases the migration lock. A session that is already gone has released it too, so a broken
 * connection is not an error here; any other failure is.
 *
 * @example
 * ```ts
 * await releaseAdvisoryLock(conn, "athanor:.athanor_version");
 * ```
 */
export async function releaseAdvisoryLock(conn: Connection, key: string): Promise<void> {
  try {
    await conn.query(`SELECT pg_advisory_unlock(${lockIdLiteral(advisoryLockId(key).toString())})`);
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    if (typeof code === "string" && /^(CONNECTION_|08)/.test(code)) return;
    throw error;
  }
}

/**
 * Who holds the migration lock in this database right now, or null. A 64-bit advisory key
 * shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
 *
 * @example
 * ```ts
 * const holder = await advisoryLockHolder(conn, "athanor:.athanor_version"); // { pid: 4242, applicationName: "athanor", ... }
 * ```
 */
export async function advisoryLockHolder(conn: Connection, key: string): Promise<LockHolder | null> {
  const { rows } = await conn.query<Record<string, unknown>>(
    `SELECT l.pid, a.application_name, a.usename, host(a.client_addr) AS client_addr,
            to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS backend_start,
            a.state, left(a.query, 200) AS query
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = (($1::bigint >> 32) & 4294967295)::oid
        AND l.objid = ($1::bigint & 4294967295)::oid
        AND l.objsubid = 1
      LIMIT 1`,
    [advisoryLockId(key).toString()],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    pid: Number(row.pid),
    applicationName: text(row.application_name),
    user: text(row.usename),
    clientAddr: text(row.client_addr),
    backendStart: text(row.backend_start),
    state: text(row.state),
    query: text(row.query),
  };
}

function lockTimeout(key: string, id: string, timeoutMs: number, holder: LockHolder | null): AthanorError {
  const who =
    holder === null
      ? "by a session that ended meanwhile or that this user may not see"
      : `by server process ${holder.pid} (application "${holder.applicationName ?? "?"}", user ${holder.user ?? "?"}${holder.clientAddr ? ` from ${holder.clientAddr}` : ""}, connected since ${holder.backendStart ?? "?"}, ${holder.state ?? "state unknown"})`;
  const fix =
    holder === null
      ? "Run the command again."
      : `Wait for that run to finish and run the command again. If it is stuck, end its session with SELECT pg_terminate_backend(${holder.pid}); the lock is released with it.`;
  return new AthanorError(
    "ATHANOR_LOCK_TIMEOUT",
    `Gave up waiting for the migration lock after ${timeoutMs} ms: it is held ${who}. Another athanor run is probably migrating this database. ${fix}`,
    { key, lockId: id, timeoutMs, holder: holder === null ? null : { ...holder } },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
