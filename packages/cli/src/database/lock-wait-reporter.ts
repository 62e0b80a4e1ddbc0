import type { Dialect } from "@athanor/core";
import { isAthanorError } from "@athanor/core/errors";

/** What a command learns about waiting for the migration lock. */
export type LockWaitEvent =
  | { readonly type: "waiting"; readonly holderPid: number | null }
  | { readonly type: "acquired"; readonly waitedMs: number; readonly holderPid: number | null };

/**
 * Wraps a dialect so that waiting for the migration lock is visible: the first attempt is a
 * single try (timeout 0), whose ATHANOR_LOCK_TIMEOUT carries the holder; only then does it wait,
 * with the full timeout so a final timeout error names the configured value. The uncontended
 * path costs no extra round trip.
 *
 * @example
 * ```ts
 * const dialect = reportingLockWaits(base, (e) => e.type === "acquired" && console.error(`waited ${e.waitedMs} ms`));
 * ```
 */
export function reportingLockWaits<D extends Pick<Dialect, "acquireLock">>(
  dialect: D,
  report: (event: LockWaitEvent) => void,
): D {
  return {
    ...dialect,
    async acquireLock(conn, key, options) {
      const started = performance.now();
      let holderPid: number | null = null;
      try {
        return await dialect.acquireLock(conn, key, { ...options, timeoutMs: 0 });
      } catch (error) {
        if (!isAthanorError(error) || error.code !== "ATHANOR_LOCK_TIMEOUT") throw error;
        holderPid = pidOf(error.meta.holder);
      }
      report({ type: "waiting", holderPid });
      await dialect.acquireLock(conn, key, options);
      const waitedMs = performance.now() - started;
      report({ type: "acquired", waitedMs, holderPid });
      return { waitedMs };
    },
  };
}

function pidOf(holder: unknown): number | null {
  const pid = (holder as { pid?: unknown } | null | undefined)?.pid;
  return typeof pid === "number" && Number.isFinite(pid) ? pid : null;
}
