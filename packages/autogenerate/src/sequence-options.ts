// Moved from @athanor/drizzle's pg-column-model.ts: the materialiser fills in the same
// PostgreSQL sequence defaults the Drizzle reader does.
import type { SequenceOptionsModel } from "@athanor/core";

const INTEGER_RANGES: Readonly<Record<string, { readonly min: string; readonly max: string }>> = {
  smallint: { min: "-32768", max: "32767" },
  integer: { min: "-2147483648", max: "2147483647" },
  bigint: { min: "-9223372036854775808", max: "9223372036854775807" },
};

/** Options as drizzle takes them for identity columns and `pgSequence` (numbers or strings). */
export interface DrizzleSequenceOptions {
  readonly startWith?: number | string | undefined;
  readonly increment?: number | string | undefined;
  readonly minValue?: number | string | undefined;
  readonly maxValue?: number | string | undefined;
  readonly cache?: number | string | undefined;
  readonly cycle?: boolean | undefined;
}

/**
 * Sequence options with PostgreSQL's defaults filled in, as the catalogue reports them: an
 * ascending sequence runs from 1 to the type's maximum and starts at its minimum; a
 * descending one from the type's minimum to -1 and starts at its maximum.
 *
 * @example
 * ```ts
 * resolveSequenceOptions("integer", { startWith: 100 }).max; // "2147483647"
 * ```
 */
export function resolveSequenceOptions(
  dataType: string,
  options: DrizzleSequenceOptions = {},
): SequenceOptionsModel {
  const range = INTEGER_RANGES[dataType] ?? INTEGER_RANGES.bigint;
  const text = (v: number | string | undefined) => (v === undefined ? undefined : BigInt(v).toString());
  const increment = text(options.increment) ?? "1";
  const ascending = !increment.startsWith("-");
  const min = text(options.minValue) ?? (ascending ? "1" : (range?.min ?? ""));
  const max = text(options.maxValue) ?? (ascending ? (range?.max ?? "") : "-1");
  return {
    dataType,
    start: text(options.startWith) ?? (ascending ? min : max),
    increment,
    min,
    max,
    cache: text(options.cache) ?? "1",
    cycle: options.cycle ?? false,
  };
}
