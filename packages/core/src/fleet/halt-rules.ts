import { badOption } from "./fleet-waves.js";

/** When a fleet stops launching targets. */
export interface HaltRules {
  /** Stop after this many failed targets (canary failures count). */
  readonly haltAfter?: number | undefined;
  /** Stop when failed / finished reaches this fraction (0 < rate ≤ 1), judged once {@link HALT_RATE_SAMPLE} finished. */
  readonly haltRate?: number | undefined;
}

/** A failure rate is judged only after this many targets finished (or all of them, when fewer). */
export const HALT_RATE_SAMPLE = 10;

/** Checks the rules' values (ATHANOR_USAGE), before anything connects. */
export function checkHaltRules(rules: HaltRules): void {
  const { haltAfter, haltRate } = rules;
  if (haltAfter !== undefined && !(Number.isInteger(haltAfter) && haltAfter >= 1))
    throw badOption("haltAfter", String(haltAfter), "a whole number ≥ 1");
  if (haltRate !== undefined && !(haltRate > 0 && haltRate <= 1))
    throw badOption("haltRate", String(haltRate), "a fraction above 0 and at most 1 (0.2 = 20%)");
}

/**
 * Which rule trips, if any, once `finished` targets (of `total`) are done and `failed` of them failed.
 *
 * @example
 * ```ts
 * haltReason({ haltAfter: 3 }, { failed: 3, finished: 7, total: 100 }); // "halt-after"
 * haltReason({ haltRate: 0.2 }, { failed: 2, finished: 10, total: 100 }); // "halt-rate"
 * ```
 */
export function haltReason(
  rules: HaltRules,
  counts: { readonly failed: number; readonly finished: number; readonly total: number },
): "halt-after" | "halt-rate" | undefined {
  if (rules.haltAfter !== undefined && counts.failed >= rules.haltAfter) return "halt-after";
  const sample = Math.min(HALT_RATE_SAMPLE, counts.total);
  if (
    rules.haltRate !== undefined &&
    counts.finished >= sample &&
    counts.failed / counts.finished >= rules.haltRate
  )
    return "halt-rate";
  return undefined;
}
