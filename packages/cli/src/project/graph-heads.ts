import type { RevisionGraph } from "@athanor/core";

/**
 * Heads through parent edges — real heads plus effective heads — in topological order: the
 * revisions a new revision may build on without `--splice`.
 *
 * @example
 * ```ts
 * parentHeads(graph); // ["a2", "b3"]
 * ```
 */
export function parentHeads(graph: RevisionGraph): string[] {
  const heads = new Set([...graph.heads(), ...graph.effectiveHeads()]);
  return graph
    .revisions()
    .map((r) => r.id)
    .filter((id) => heads.has(id));
}
