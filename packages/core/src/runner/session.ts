import type { Connection } from "../dialect/connection.js";
import type { SessionDialect } from "../dialect/dialect.js";
import { AthanorError, isAthanorError } from "../errors.js";
import { lockKeyOf, type ResolvedRunnerOptions } from "./runner-options.js";
import { withTestPauseHook } from "./test-pause-hook.js";

/** What a session needs of the run's options: a {@link SessionDialect} is enough. */
export type SessionOptions = Pick<ResolvedRunnerOptions, "versionTable" | "lock" | "onProgress"> & {
  readonly dialect: SessionDialect;
};

/** An open connection, and the lock when the caller asked for it. */
export interface Session {
  readonly conn: Connection;
  readonly waitedForLockMs: number;
}

/**
 * Runs `body` on one connection, holding the migration lock if `lock` is set. The lock is
 * released and the connection closed on every exit path, including Ctrl-C: on SIGINT the
 * connection is closed (the server then rolls back the open transaction and drops the
 * session lock) and the signal is re-raised once nothing else listens for it — unless
 * `graceful` says the caller stops the run itself at a safe point (`MigrateOptions.signal`).
 *
 * @example
 * ```ts
 * const heads = await withSession(options, { lock: false }, async ({ conn }) => conn.query("SELECT 1"));
 * ```
 */
export async function withSession<T>(
  options: SessionOptions,
  settings: { readonly lock: boolean; readonly graceful?: boolean },
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const { dialect } = options;
  let conn: Connection;
  try {
    conn = withTestPauseHook(await dialect.connect());
  } catch (error) {
    if (isAthanorError(error)) throw error;
    throw new AthanorError(
      "ATHANOR_CONNECTION_FAILED",
      `Could not connect to the ${dialect.name} database: ${(error as Error)?.message ?? String(error)}. Check the URL, that the server runs, and the credentials.`,
      { dialect: dialect.name },
      { cause: error },
    );
  }
  const onSigint = () => {
    void conn.close().finally(() => {
      if (process.listenerCount("SIGINT") === 0) process.kill(process.pid, "SIGINT");
    });
    process.removeListener("SIGINT", onSigint);
  };
  // A caller with its own graceful stop (an AbortSignal) handles signals itself.
  if (settings.graceful !== true) process.once("SIGINT", onSigint);
  try {
    if (!settings.lock) return await body({ conn, waitedForLockMs: 0 });
    return await holdingLock(options, conn, (waitedForLockMs) => body({ conn, waitedForLockMs }));
  } finally {
    process.removeListener("SIGINT", onSigint);
    await conn.close().catch(() => undefined);
  }
}

/**
 * Runs `body` on `conn` holding the migration lock, waited for as `options.lock` says and
 * released on every exit path: {@link withSession}'s locking, for a caller that first tried
 * something cheaper on the open session (`Dialect.readUnderLock`).
 *
 * @example
 * ```ts
 * await holdingLock(options, conn, async (waitedMs) => conn.query("SELECT 1"));
 * ```
 */
export async function holdingLock<T>(
  options: SessionOptions,
  conn: Connection,
  body: (waitedForLockMs: number) => Promise<T>,
): Promise<T> {
  const { dialect } = options;
  const key = lockKeyOf(options.versionTable);
  const { waitedMs } = await dialect.acquireLock(conn, key, options.lock).catch(lockWaitFailed(dialect.name));
  try {
    safeProgress(options, { type: "lock-acquired", waitedMs });
    return await body(waitedMs);
  } finally {
    await dialect.releaseLock(conn, key).catch(() => undefined);
  }
}

/** Progress callbacks must never break a run. */
export function safeProgress(
  options: Pick<ResolvedRunnerOptions, "onProgress">,
  event: Parameters<NonNullable<ResolvedRunnerOptions["onProgress"]>>[0],
): void {
  try {
    options.onProgress?.(event);
  } catch {
    // a broken progress printer is not a reason to stop migrating
  }
}

/**
 * A failure while waiting for the lock that is not already coded is the session going away
 * (pg_terminate_backend, MariaDB KILL, a restart): nothing ran yet, so say so with a code.
 */
function lockWaitFailed(dialect: string): (error: unknown) => never {
  return (error) => {
    if (isAthanorError(error)) throw error;
    throw new AthanorError(
      "ATHANOR_CONNECTION_FAILED",
      `The ${dialect} session ended while waiting for the migration lock (${(error as Error)?.message ?? String(error)}): the server or an administrator closed it. This run applied nothing; run it again.`,
      { dialect, during: "lock wait" },
      { cause: error },
    );
  };
}
