import { setFlagsFromString } from "node:v8";
import { runsAsProcess } from "../process-guards.js";

/** V8's flag for `"baseline"`: tiers above Sparkplug (Maglev, TurboFan) are never used. */
export const BASELINE_JIT_FLAG = "--max-opt=1";

/**
 * Caps the tier V8 compiles this process's JavaScript to from now on, as the dialect asks for
 * `check`/`diff` (`DialectModule.compareJitTier`). Functions already optimised stay so; the
 * comparison's hot loops (reading 1,000 tables, the diff) run baseline code instead of waiting
 * for TurboFan, whose compile threads cost more CPU than a one-pass command gets back. Only in
 * the CLI's own process: a test or an embedding calling `main()` keeps its compiler. V8 ignores
 * a flag it does not know, so `cap-jit-tier.test.ts` proves this one still caps the tier.
 *
 * @example
 * ```ts
 * capJitTier(run.module.compareJitTier);
 * ```
 */
export function capJitTier(tier: "baseline" | undefined): void {
  if (tier === "baseline" && runsAsProcess()) setFlagsFromString(BASELINE_JIT_FLAG);
}
