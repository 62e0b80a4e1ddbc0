import type { DiffResult } from "@athanor/autogenerate";
import { describeOperation } from "./describe-operation.js";

/**
 * What `check` counts as differences between the models and the database: each operation
 * autogenerate would write, then each difference it wrote none for and left to be made by hand
 * (a sequence bound beyond 2^53) — without those, `check` said a database matched the models
 * while one of its sequences did not.
 *
 * @example
 * ```ts
 * modelDifferences(diff); // ["~ sequence invoice_no: increment", "by hand: sequence invoice_no: maxValue …"]
 * ```
 */
export function modelDifferences(diff: DiffResult): string[] {
  return [
    ...diff.operations.map(describeOperation),
    ...(diff.byHand ?? []).map((note) => `by hand: ${note}`),
  ];
}
