import type { LintIgnore } from "@athanor/core";
import { ColumnPlaces } from "./column-places.js";
import type { StageContext } from "./stage-context.js";
import type { StagedChange, StageGroup } from "./stage-types.js";

/** Which revision of the chain a group goes to, in chain order. */
export type Bucket = "expand" | "migrate" | "build" | "catchup" | "prepare" | "contract" | "drop";

/**
 * Collects the groups each recipe contributes to the revisions of the chain, plus what was
 * staged and why. Recipes add to it; {@link stageDiff} turns the non-empty buckets into revisions.
 *
 * @example
 * ```ts
 * const buckets = new RecipeBuckets(ctx, 150004);
 * buckets.add("expand", operationGroup([addNullable]));
 * ```
 */
export class RecipeBuckets {
  readonly #groups = new Map<Bucket, StageGroup[]>();
  readonly #ignores = new Map<Bucket, LintIgnore[]>();
  readonly changes: StagedChange[] = [];
  /** Notes for the first (ordinary) revision: changes that looked unsafe but could not be staged. */
  readonly notes: string[] = [];
  /** Where added columns go; set by the stager once it knows every column move. */
  places = new ColumnPlaces(false, [], () => undefined);

  constructor(
    readonly ctx: StageContext,
    readonly serverVersion: number | undefined,
  ) {}

  add(bucket: Bucket, ...groups: readonly (StageGroup | undefined)[]): void {
    const list = this.#groups.get(bucket) ?? [];
    for (const g of groups) if (g !== undefined && (g.up.length > 0 || g.down.length > 0)) list.push(g);
    this.#groups.set(bucket, list);
  }

  groups(bucket: Bucket): readonly StageGroup[] {
    return this.#groups.get(bucket) ?? [];
  }

  /**
   * Silences a lint rule in the bucket's revision, with the reason the recipe makes it safe. An
   * ignore covers the rule's every finding in the revision, so a second recipe's reason is added
   * to the first (two type changes: both swapped columns are named, not only the first).
   */
  ignore(bucket: Bucket, rule: string, reason: string): void {
    const list = this.#ignores.get(bucket) ?? [];
    const at = list.findIndex((i) => i.rule === rule);
    const earlier = list[at]?.reason ?? "";
    if (at < 0) list.push({ rule, reason });
    else if (!earlier.split("; ").includes(reason)) list[at] = { rule, reason: `${earlier}; ${reason}` };
    this.#ignores.set(bucket, list);
  }

  ignores(bucket: Bucket): readonly LintIgnore[] {
    return this.#ignores.get(bucket) ?? [];
  }
}
