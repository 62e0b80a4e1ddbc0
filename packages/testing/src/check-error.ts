import { AthanorError } from "@athanor/core";
import type { CheckResult } from "./migration-test-config.js";

/**
 * Throws the failure of a check as ATHANOR_MIGRATION_TEST_FAILED (what vitest shows), or
 * returns quietly when it passed.
 *
 * @example
 * ```ts
 * assertCheck(await checkStairway(db, config));
 * ```
 */
export function assertCheck(result: CheckResult): void {
  if (result.ok) return;
  const { failure, check } = result;
  throw new AthanorError("ATHANOR_MIGRATION_TEST_FAILED", failure.message, {
    check,
    revision: failure.revision ?? null,
    step: failure.step ?? null,
    differences: (failure.differences ?? []).map((d) => ({ change: d.change, path: [...d.path] })),
    ...(failure.error === undefined ? {} : { errorCode: failure.error.code }),
  });
}
