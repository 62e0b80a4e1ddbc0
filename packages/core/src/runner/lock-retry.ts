import { AthanorError } from "../errors.js";
import type { LockRetryInput, LockRetryOptions } from "../ops/lock-retry-settings.js";

// The settings are what revisions write (`op.lockRetry()`), so they live with the operations;
// this file is how the runner applies them.
export type { LockRetryInput, LockRetryOptions } from "../ops/lock-retry-settings.js";

/** Defaults: 2 s lock waits, 5 retries starting at 500 ms and doubling up to 30 s. */
export const LOCK_RETRY_DEFAULTS: LockRetryOptions = {
  lockTimeoutMs: 2_000,
  retries: 5,
  backoffMs: 500,
  maxBackoffMs: 30_000,
};

/**
 * Merges overrides onto a base; `undefined` means lock-safe execution is off.
 *
 * @example
 * ```ts
 * resolveLockRetry(undefined, { retries: 0 }); // defaults with retries 0
 * resolveLockRetry(false); // undefined: no lock_timeout is set
 * ```
 */
export function resolveLockRetry(
  base: LockRetryInput | undefined,
  override?: LockRetryInput,
): LockRetryOptions | undefined {
  if (override === false || (override === undefined && base === false)) return undefined;
  const merged = { ...LOCK_RETRY_DEFAULTS, ...(base === false ? {} : base), ...(override ?? {}) };
  for (const key of ["lockTimeoutMs", "retries", "backoffMs", "maxBackoffMs"] as const) {
    const v = merged[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (key === "lockTimeoutMs" && v < 1)) {
      throw new AthanorError(
        "ATHANOR_CONFIG_INVALID",
        `lockRetry.${key} must be a number ${key === "lockTimeoutMs" ? ">= 1" : ">= 0"} (milliseconds or a count), got ${JSON.stringify(v)}.`,
        { key, value: v === undefined ? null : String(v) },
      );
    }
  }
  return { ...merged, retries: Math.floor(merged.retries) };
}

/**
 * The wait before retry number `attempt` (1-based): `backoffMs · 2^(attempt-1)`, capped, with
 * "equal jitter" (half fixed, half random) so runners that timed out together spread out.
 *
 * @example
 * ```ts
 * backoffDelay({ ...LOCK_RETRY_DEFAULTS, backoffMs: 100 }, 3); // between 200 and 400
 * ```
 */
export function backoffDelay(options: LockRetryOptions, attempt: number, random = Math.random): number {
  const full = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/**
 * The dialect-specific SQL of lock-safe execution, implemented by `@athanor/postgres` and
 * `@athanor/mysql`.
 *
 * @example
 * ```ts
 * postgresLockSafety.setLockTimeout(500, "transaction"); // ["SET LOCAL lock_timeout = '500ms'"]
 * ```
 */
export interface LockSafetySql {
  /** Statements bounding lock waits of what follows: in the open transaction, or the whole session. */
  setLockTimeout(ms: number, scope: "transaction" | "session"): readonly string[];
  /** Statements undoing {@link setLockTimeout} of that scope (`[]` when the scope ends by itself). */
  resetLockTimeout(scope: "transaction" | "session"): readonly string[];
  /** True when a driver error (its `code`/`errno`) is a lock-wait timeout (PostgreSQL 55P03, MySQL 1205). */
  isLockTimeout(error: { readonly code?: unknown; readonly errno?: unknown }): boolean;
  /**
   * A query listing invalid indexes left by an interrupted `CREATE INDEX CONCURRENTLY`: rows
   * `{ schema, table, index, definition }`. Absent where indexes cannot be invalid (MySQL).
   */
  readonly invalidIndexesQuery?: string | undefined;
  /** The statement that removes such an index without blocking writes (with {@link invalidIndexesQuery}). */
  dropInvalidIndex?(schema: string, index: string): string;
}

/** Sleeps `ms` (no-op for 0). */
export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reported through `onProgress` before each retry after a lock timeout. */
export interface LockRetryEvent {
  readonly type: "lock-retry";
  readonly revision: string;
  /** What is re-run: the whole revision transaction, or one backfill batch. */
  readonly scope: "revision" | "backfill-batch";
  /** The retry about to start (1-based) and how many are allowed. */
  readonly attempt: number;
  readonly retries: number;
  readonly delayMs: number;
  /** The database's lock-timeout message. */
  readonly message: string;
}
