import type { GraphIndex } from "./graph-index.js";
import { reach } from "./graph-index.js";

/**
 * The order Alembic 1.8 lists and runs revisions in (`RevisionMap._topological_sort`), newest
 * first: walk down from the heads, taken in load order (file order), following one line as far as
 * it goes; a revision that another pending head still needs waits until that head's line has come
 * down to it. `history` prints this order, a downgrade runs it, an upgrade runs it reversed — so
 * logs read the same as they did under Alembic.
 *
 * `mask` marks the revisions to order; `heads` are where the walk starts (the targets of an
 * upgrade, the current rows of a downgrade, the end of a history range). Anything in `mask` that
 * the walk does not reach from `heads` (Alembic asserts there is none) follows in graph order.
 *
 * @example
 * ```ts
 * // 1975 → {ae10, 27c6} → 53ff: newest first from the head
 * walkOrder(index, everything, [indexOf("53ff")]); // [53ff, 27c6, ae10, 1975] as indices
 * ```
 */
export function walkOrder(index: GraphIndex, mask: Uint8Array, heads: readonly number[]): number[] {
  const n = index.sources.length;
  const todo = Uint8Array.from(mask);
  const lines = [...new Set(heads)].filter((h) => todo[h] === 1).sort((a, b) => a - b);
  const below = lines.map((h) => reach(index.preds, [h], n));
  const downs = normalizedPredecessors(index);
  const out: number[] = [];
  let at = 0;
  while (lines.length > 0) {
    const candidate = lines[at] as number;
    const waitFor = lineNeeding(below, candidate, at);
    if (waitFor >= 0) {
      at = waitFor;
      continue;
    }
    if (todo[candidate] === 1) {
      out.push(candidate);
      todo[candidate] = 0;
    }
    const preds = downs(candidate);
    const single = preds.length === 1 && (index.parents[candidate]?.length ?? 0) === 1;
    const next = single ? preds : preds.filter((p) => todo[p] === 1 && !lines.includes(p));
    if (
      next.length === 0 ||
      (single && (todo[next[0] as number] !== 1 || lines.includes(next[0] as number)))
    ) {
      lines.splice(at, 1);
      below.splice(at, 1);
      at = Math.max(at - 1, 0);
    } else if (single) {
      // Plain movement down one line: the line's ancestors are the same minus what was emitted.
      lines[at] = next[0] as number;
      (below[at] as Uint8Array)[candidate] = 0;
    } else {
      lines[at] = next[0] as number;
      below[at] = reach(index.preds, [next[0] as number], n);
      for (const extra of next.slice(1)) {
        lines.push(extra);
        below.push(reach(index.preds, [extra], n));
      }
    }
  }
  const rest = [...index.order].reverse().filter((i) => todo[i] === 1);
  return [...out, ...rest];
}

/** The first other line whose ancestors still include `candidate` (it must wait for that line), or -1. */
function lineNeeding(below: readonly Uint8Array[], candidate: number, at: number): number {
  for (let j = 0; j < below.length; j++) if (j !== at && (below[j] as Uint8Array)[candidate] === 1) return j;
  return -1;
}

/**
 * A revision's predecessors as Alembic walks them: its parents, then each dependency that no
 * ancestor (through parents) already depends on — Alembic drops those as implied.
 */
function normalizedPredecessors(index: GraphIndex): (i: number) => readonly number[] {
  const memo = new Map<number, readonly number[]>();
  return (i) => {
    const deps = index.deps[i] ?? [];
    if (deps.length === 0) return index.parents[i] ?? [];
    let known = memo.get(i);
    if (known === undefined) {
      const above = reach(index.parents, [i], index.sources.length);
      above[i] = 0;
      const implied = new Set<number>();
      for (let a = 0; a < above.length; a++)
        if (above[a] === 1) for (const d of index.deps[a] ?? []) implied.add(d);
      known = [...(index.parents[i] ?? []), ...deps.filter((d) => !implied.has(d))];
      memo.set(i, known);
    }
    return known;
  };
}
