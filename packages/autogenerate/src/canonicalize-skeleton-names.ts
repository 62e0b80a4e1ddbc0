import type { TableModel } from "@athanor/core";

/** How a fast path shares skeleton tables: which tables need one, and what makes two alike. */
export interface SkeletonSharing {
  readonly needsSkeleton: (table: TableModel) => boolean;
  readonly signature: (table: TableModel) => string;
  /** The key a table's skeleton is recorded under (its name, or `schema.name`). */
  readonly key: (table: TableModel) => string;
  /** Called once per distinct signature, with the new skeleton's name (`s0`, `s1`, …). */
  readonly create: (name: string, table: TableModel) => void;
}

/**
 * One skeleton per distinct table shape: each table that needs a skeleton gets the one of the
 * first table with its signature, created when that signature is first seen.
 *
 * @example
 * ```ts
 * const skeletonOf = shareSkeletons(model.tables, { needsSkeleton, signature, key: (t) => t.name, create });
 * skeletonOf.get("users"); // "s0"
 * ```
 */
export function shareSkeletons(tables: readonly TableModel[], sharing: SkeletonSharing): Map<string, string> {
  const skeletonOf = new Map<string, string>();
  const bySignature = new Map<string, string>();
  for (const table of tables) {
    if (!sharing.needsSkeleton(table)) continue;
    const signature = sharing.signature(table);
    let name = bySignature.get(signature);
    if (name === undefined) {
      name = `s${bySignature.size}`;
      bySignature.set(signature, name);
      sharing.create(name, table);
    }
    skeletonOf.set(sharing.key(table), name);
  }
  return skeletonOf;
}
