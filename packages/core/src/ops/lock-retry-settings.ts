/**
 * How long a statement may wait for a table lock, and what to do when it gives up. A short
 * lock wait matters more than a short statement: a DDL statement queued behind a long
 * transaction blocks every query queued behind *it* (safety.md §3), so waiting briefly and
 * retrying later is kinder to production than waiting long once.
 *
 * @example
 * ```ts
 * const lockRetry: Partial<LockRetryOptions> = { lockTimeoutMs: 500, retries: 10, backoffMs: 250 };
 * await upgrade({ dialect, revisions, lockRetry }, "heads");
 * ```
 */
export interface LockRetryOptions {
  /** PostgreSQL `lock_timeout` / MySQL `lock_wait_timeout` (whole seconds, at least 1) per statement. */
  readonly lockTimeoutMs: number;
  /** Extra attempts after a lock timeout; each re-runs the whole revision transaction (or batch). */
  readonly retries: number;
  /** Wait before the first retry; doubles each retry, with jitter. */
  readonly backoffMs: number;
  /** Upper bound of one wait. */
  readonly maxBackoffMs: number;
}

/** What runner options and `op.lockRetry()` accept: overrides, or `false` to wait for locks unbounded. */
export type LockRetryInput = Partial<LockRetryOptions> | false;
