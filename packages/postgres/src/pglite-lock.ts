import type { LockOptions, MigrationLockHolder } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";

// PGlite is one PostgreSQL backend inside this process: every Connection on an instance is the
// same session, so pg_try_advisory_lock would always succeed (advisory locks are re-entrant per
// session) and guard nothing, and no other process can open the instance. What *can* happen is
// two runs in this process on one instance (e.g. two app start-ups racing), whose statements
// and transactions would interleave in that single session. So the lock is an in-process mutex
// per instance and key, polled like the server lock, and dropped when its connection closes.

const holders = new WeakMap<object, Map<string, object>>();

/**
 * Takes the in-process migration lock of `instance` for `owner` (the connection), polling until
 * `timeoutMs`; fails with ATHANOR_LOCK_TIMEOUT.
 *
 * @example
 * ```ts
 * await acquireInstanceLock(db, conn, "athanor:.athanor_version", { timeoutMs: 1000, pollMs: 10 });
 * ```
 */
export async function acquireInstanceLock(
  instance: object,
  owner: object,
  key: string,
  options: LockOptions,
): Promise<{ readonly waitedMs: number }> {
  const started = performance.now();
  let held = holders.get(instance);
  if (held === undefined) {
    held = new Map();
    holders.set(instance, held);
  }
  for (;;) {
    const current = held.get(key);
    const waitedMs = performance.now() - started;
    if (current === undefined || current === owner) {
      held.set(key, owner);
      return { waitedMs };
    }
    if (waitedMs >= options.timeoutMs) {
      throw new AthanorError(
        "ATHANOR_LOCK_TIMEOUT",
        `Gave up waiting for the migration lock after ${options.timeoutMs} ms: another run in this process holds it on the same embedded PGlite database. Let that run finish first (await it) and run this one again.`,
        {
          key,
          timeoutMs: options.timeoutMs,
          holder: { pid: process.pid, applicationName: "athanor (same process, PGlite)" },
        },
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(Math.max(options.pollMs, 1), options.timeoutMs - waitedMs)),
    );
  }
}

/**
 * Releases the lock if `owner` holds it; with no `key`, every lock `owner` holds (on close).
 *
 * @example
 * ```ts
 * releaseInstanceLock(db, conn, "athanor:.athanor_version");
 * ```
 */
export function releaseInstanceLock(instance: object, owner: object, key?: string): void {
  const held = holders.get(instance);
  if (held === undefined) return;
  for (const [k, holder] of held) {
    if (holder === owner && (key === undefined || k === key)) held.delete(k);
  }
}

/**
 * The holder of `key` on `instance` when it is another connection than `asker` (a run elsewhere
 * in this process), or null. Only this process can have the instance open, so the holder is it.
 *
 * @example
 * ```ts
 * instanceLockHolder(db, conn, "athanor:.athanor_version"); // null when no other run holds it
 * ```
 */
export function instanceLockHolder(instance: object, asker: object, key: string): MigrationLockHolder | null {
  const holder = holders.get(instance)?.get(key);
  if (holder === undefined || holder === asker) return null;
  return {
    pid: process.pid,
    applicationName: "athanor (same process, PGlite)",
    user: null,
    clientAddr: null,
    backendStart: null,
    state: null,
    query: null,
  };
}
