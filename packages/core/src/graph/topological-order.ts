/**
 * Result of ordering a DAG: either the order, or one cycle found in the edges.
 *
 * @example
 * ```ts
 * const r = topologicalOrder(preds, succs);
 * if ("cycle" in r) console.log(r.cycle); // [2, 3, 2]
 * ```
 */
export type TopologicalResult = { readonly order: number[] } | { readonly cycle: number[] };

/**
 * Deterministic topological order of nodes `0..n-1` (Kahn's algorithm driven by a stack).
 *
 * Tie-break: when several revisions are ready, the one that came first in the input wins, and
 * after running a revision its newly-ready children are preferred, so one branch is followed as
 * far as it goes before switching. The loader sorts files by path, so "input order" is file
 * order. This is the graph's stable rank for lists (`revisions()`, `heads()`); what `history`
 * prints and plans run follow Alembic's walk from the heads instead (walk-order.ts).
 *
 * @example
 * ```ts
 * topologicalOrder([[], [0], [0], [1, 2]], [[1, 2], [3], [3], []]); // { order: [0, 1, 2, 3] }
 * ```
 */
export function topologicalOrder(
  preds: readonly (readonly number[])[],
  succs: readonly (readonly number[])[],
): TopologicalResult {
  const n = preds.length;
  const waiting = new Int32Array(n);
  const stack: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    waiting[i] = preds[i]?.length ?? 0;
    if (waiting[i] === 0) stack.push(i);
  }
  const order: number[] = [];
  const ready: number[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    order.push(node);
    ready.length = 0;
    for (const next of succs[node] ?? []) {
      waiting[next] = (waiting[next] as number) - 1;
      if (waiting[next] === 0) ready.push(next);
    }
    // Smallest input index must end on top of the stack.
    ready.sort((a, b) => b - a);
    for (const r of ready) stack.push(r);
  }
  if (order.length === n) return { order };
  return { cycle: findCycle(preds, waiting) };
}

/**
 * Every node left with `waiting > 0` has at least one predecessor that is also left, so
 * walking predecessors from any of them must revisit a node: that loop is a cycle.
 */
function findCycle(preds: readonly (readonly number[])[], waiting: Int32Array): number[] {
  const start = waiting.findIndex((w) => w > 0);
  const position = new Map<number, number>();
  const path: number[] = [];
  let node = start;
  while (!position.has(node)) {
    position.set(node, path.length);
    path.push(node);
    node = (preds[node] ?? []).find((p) => (waiting[p] as number) > 0) as number;
  }
  // path walks backwards along edges; reverse it so the cycle reads parent → child.
  const loop = path.slice(position.get(node)).reverse();
  loop.push(loop[0] as number);
  return loop;
}
