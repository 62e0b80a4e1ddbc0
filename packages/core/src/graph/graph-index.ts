import type { RevisionSource } from "../revision/revision.js";

/**
 * The integer-indexed adjacency the graph is built on. Every revision is an index into
 * `sources` (input order); edges are arrays of indices so traversals over 10,000
 * revisions stay allocation-light and never recurse.
 *
 * @internal shared by graph/ and plan/; not part of the public API.
 * @example
 * ```ts
 * const idx = graph.index; // GraphIndex
 * idx.parents[idx.byId.get("b")!]; // [0]
 * ```
 */
export interface GraphIndex {
  readonly sources: readonly RevisionSource[];
  readonly byId: ReadonlyMap<string, number>;
  /** Parents in declaration order (first parent first; a merge has several). */
  readonly parents: readonly (readonly number[])[];
  /** dependsOn targets in declaration order, minus any that are also parents. */
  readonly deps: readonly (readonly number[])[];
  /** Parents then deps: every direct predecessor, deduplicated. */
  readonly preds: readonly (readonly number[])[];
  readonly children: readonly (readonly number[])[];
  readonly dependents: readonly (readonly number[])[];
  /** Parent-edge children then dependents: every direct successor, deduplicated. */
  readonly succs: readonly (readonly number[])[];
  /** Indices in deterministic topological order. */
  readonly order: readonly number[];
  /** rank[i] = position of i in `order`. */
  readonly rank: Int32Array;
}

/**
 * Marks every node reachable from `starts` (inclusive) following `edges`. Iterative, so a
 * 10,000-deep linear history cannot overflow the stack.
 *
 * @example
 * ```ts
 * const mask = reach(idx.preds, [headIndex], idx.sources.length); // ancestors of head
 * ```
 */
export function reach(
  edges: readonly (readonly number[])[],
  starts: Iterable<number>,
  size: number,
): Uint8Array {
  const seen = new Uint8Array(size);
  const stack: number[] = [];
  for (const s of starts) {
    if (seen[s] === 0) {
      seen[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (const next of edges[node] ?? []) {
      if (seen[next] === 0) {
        seen[next] = 1;
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * The indices marked in `mask`, in topological order (or reversed, newest first).
 *
 * @example
 * ```ts
 * inOrder(idx, mask, "newest-first"); // e.g. [3, 1, 0]
 * ```
 */
export function inOrder(
  index: GraphIndex,
  mask: Uint8Array,
  sort: "oldest-first" | "newest-first" = "oldest-first",
): number[] {
  const out = index.order.filter((i) => mask[i] === 1);
  return sort === "oldest-first" ? out : out.reverse();
}

/**
 * Sorts indices by topological rank so every list the graph hands out is deterministic.
 *
 * @example
 * ```ts
 * byRank(idx, [5, 2, 9]); // [2, 9, 5] when that is their topological order
 * ```
 */
export function byRank(index: GraphIndex, indices: Iterable<number>): number[] {
  return [...indices].sort((a, b) => (index.rank[a] as number) - (index.rank[b] as number));
}
