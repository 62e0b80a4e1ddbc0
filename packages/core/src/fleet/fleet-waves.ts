import { AthanorError } from "../errors.js";

/** A wave size: a count of targets, or a percentage of the targets after the canary (`"10%"`). */
export type WaveSize = number | `${number}%`;

/**
 * Splits targets, in order, into the canary (the first `canary`, wave 0 — present only when
 * `canary` > 0) and the waves after it, each `wave` targets (or that percentage of the rest,
 * rounded up); without `wave` the rest is one wave. Pure, so the order is the caller's.
 *
 * @example
 * ```ts
 * planWaves(["a", "b", "c", "d", "e"], { canary: 1, wave: 2 }); // [["a"], ["b", "c"], ["d", "e"]]
 * planWaves(["a", "b", "c", "d", "e"], { wave: "50%" });        // [["a", "b", "c"], ["d", "e"]]
 * ```
 */
export function planWaves<T>(
  targets: readonly T[],
  options: { readonly canary?: number | undefined; readonly wave?: WaveSize | undefined },
): T[][] {
  const canary = Math.min(wholeCount(options.canary ?? 0, "canary"), targets.length);
  const rest = targets.slice(canary);
  const size = waveSize(options.wave, rest.length);
  const waves: T[][] = canary > 0 ? [targets.slice(0, canary)] : [];
  for (let at = 0; at < rest.length; at += size) waves.push(rest.slice(at, at + size));
  return waves;
}

function waveSize(wave: WaveSize | undefined, rest: number): number {
  if (wave === undefined) return Math.max(rest, 1);
  if (typeof wave === "string") {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(wave);
    const value = percent === null ? Number.NaN : Number(percent[1]);
    if (!(value > 0 && value <= 100))
      throw badOption("wave", wave, "a count or a percentage from 1% to 100%");
    return Math.max(1, Math.ceil((rest * value) / 100));
  }
  const count = wholeCount(wave, "wave");
  if (count === 0) throw badOption("wave", String(wave), "at least 1");
  return count;
}

function wholeCount(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 0) throw badOption(option, String(value), "a whole number ≥ 0");
  return value;
}

/** A fleet option out of range: a usage error, before anything connects. */
export function badOption(option: string, value: string, expected: string): AthanorError {
  return new AthanorError(
    "ATHANOR_USAGE",
    `Fleet option ${option} is ${JSON.stringify(value)}; expected ${expected}.`,
    {
      option,
      value,
      hint: expected,
    },
  );
}
