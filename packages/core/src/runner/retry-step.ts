import type { Dialect } from "../dialect/dialect.js";
import type { PlanStep } from "../plan/plan.js";
import { backoffDelay, sleep } from "./lock-retry.js";
import { applyStepOnline, type OnlineContext, type ResumePoint } from "./online-step.js";
import type { StepError, StepResult } from "./runner-result.js";
import { StepSafety } from "./step-safety.js";
import type { PreparedStep } from "./steps-ahead.js";

/**
 * Applies one revision with lock-safe retries: when it failed only because a statement timed
 * out waiting for a lock (PostgreSQL 55P03, MySQL 1205) and nothing of it stayed committed
 * (status `failed`, not `partial`), the whole revision transaction is run again after a backoff,
 * up to `retries` times. After the last attempt the error becomes ATHANOR_LOCK_RETRIES_EXHAUSTED.
 * Each attempt leaves its own history row. Retries use the revision's `op.lockRetry` settings
 * when it has them.
 *
 * @example
 * ```ts
 * const result = await applyStepWithRetries(ctx, step);
 * ```
 */
export async function applyStepWithRetries(
  ctx: OnlineContext,
  step: PlanStep,
  resume?: ResumePoint,
  /** This step's batch, prepared while the step before ran (steps-ahead.ts). */
  ahead?: Promise<PreparedStep | undefined>,
): Promise<StepResult> {
  const run = ctx.safety ?? { lockRetry: undefined, invalidIndexes: [], versionTable: ctx.sql.location };
  // the batch prepared while the step before ran serves the first attempt only
  let prepared = resume === undefined && ahead !== undefined ? await ahead : undefined;
  for (let attempt = 1; ; attempt++) {
    const safety = prepared?.safety ?? new StepSafety(run, ctx.dialect, step.revision, step.direction);
    const result = await applyStepOnline(ctx, step, safety, resume, prepared);
    prepared = undefined;
    const retry = safety.lockRetry;
    if (
      // inside the run's one transaction the failure rolled back every step before: no retry
      ctx.runTransaction !== undefined ||
      result.status !== "failed" ||
      result.error === undefined ||
      !isLockTimeout(ctx.dialect, result.error)
    ) {
      return result;
    }
    if (retry !== undefined && attempt <= retry.retries) {
      const delayMs = backoffDelay(retry, attempt);
      try {
        run.onEvent?.({
          type: "lock-retry",
          revision: step.revision,
          scope: "revision",
          attempt,
          retries: retry.retries,
          delayMs,
          message: String(driverErrorOf(result.error)?.message ?? result.error.message),
        });
      } catch {
        // progress printers never stop a run
      }
      await sleep(delayMs);
      continue;
    }
    return { ...result, error: exhausted(result.error, step, attempt - 1, retry?.lockTimeoutMs) };
  }
}

function driverErrorOf(error: StepError): Record<string, unknown> | undefined {
  const meta = error.meta as Record<string, unknown>;
  const found = meta.databaseError ?? meta.cause;
  return typeof found === "object" && found !== null ? (found as Record<string, unknown>) : undefined;
}

function isLockTimeout(dialect: Dialect, error: StepError): boolean {
  const driver = driverErrorOf(error);
  return driver !== undefined && dialect.lockSafety?.isLockTimeout(driver) === true;
}

function exhausted(
  error: StepError,
  step: PlanStep,
  retries: number,
  lockTimeoutMs: number | undefined,
): StepError {
  const waited = lockTimeoutMs === undefined ? "" : ` (lock timeout ${lockTimeoutMs} ms per attempt)`;
  return {
    ...error,
    code: "ATHANOR_LOCK_RETRIES_EXHAUSTED",
    message:
      `${step.direction} of revision ${step.revision} could not get the table locks it needs: ${1 + retries} attempt${retries === 0 ? "" : "s"} timed out waiting${waited}. ` +
      "Nothing of it was applied. A long-running transaction or query holds a conflicting lock: find it (PostgreSQL: " +
      "`SELECT pid, state, xact_start, query FROM pg_stat_activity WHERE state <> 'idle' ORDER BY xact_start`; MySQL/MariaDB: `SHOW PROCESSLIST`), " +
      "let it finish or end it, then re-run; or allow more with lockRetry ({ retries, lockTimeoutMs, backoffMs }).\n" +
      `Last error: ${error.message}`,
    meta: { ...error.meta, retries, lockTimeoutMs: lockTimeoutMs ?? null },
  };
}
