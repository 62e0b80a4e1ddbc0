import { AthanorError } from "../errors.js";
import type { RevisionSource } from "../revision/revision.js";
import { reach } from "./graph-index.js";
import type { RevisionGraph } from "./revision-graph.js";
import { resolveTarget } from "./target.js";
import { walkOrder } from "./walk-order.js";

/**
 * A parsed `start:end` range; either side may be absent.
 *
 * @example
 * ```ts
 * const r: TargetRange = { start: "ae10", end: undefined }; // "ae10:"
 * ```
 */
export interface TargetRange {
  readonly start?: string | undefined;
  readonly end?: string | undefined;
}

/**
 * Parses `start:end`, `start:`, `:end` (and `:` for everything). Throws ATHANOR_INVALID_RANGE
 * for anything else.
 *
 * @example
 * ```ts
 * parseRange("-3:current"); // { start: "-3", end: "current" }
 * parseRange("cart@base:"); // { start: "cart@base", end: undefined }
 * ```
 */
export function parseRange(expression: string): TargetRange {
  const text = typeof expression === "string" ? expression.trim() : "";
  const parts = text.split(":");
  if (parts.length !== 2) {
    throw new AthanorError(
      "ATHANOR_INVALID_RANGE",
      `Invalid range '${text}': a range needs exactly one ':' — write [start]:[end], [start]: or :[end] (e.g. 'ae10:head', '-3:current', 'cart@base:').`,
      { range: text },
    );
  }
  const side = (s: string): string | undefined => (s.trim().length === 0 ? undefined : s.trim());
  return { start: side(parts[0] as string), end: side(parts[1] as string) };
}

/**
 * Revisions in a range for `history -r`, newest first in Alembic's walk order (see walkOrder,
 * starting from the end of the range): descendants of start through parents (inclusive) that are
 * ancestors of end (inclusive, through parents and dependsOn). Missing
 * start = base, missing end = heads. Throws ATHANOR_INVALID_RANGE when a start revision is not
 * an ancestor of the end.
 *
 * @example
 * ```ts
 * revisionsInRange(graph, parseRange("a:c")); // ["c", "b", "a"]
 * revisionsInRange(graph, { end: "b" });      // ["b", "a"]
 * ```
 */
export function revisionsInRange(
  graph: RevisionGraph,
  range: TargetRange,
  options: { readonly current?: readonly string[] } = {},
): readonly string[] {
  const { index } = graph;
  const starts = resolveTarget(graph, range.start ?? "base", options).map((id) => graph.indexOf(id));
  const ends = resolveTarget(graph, range.end ?? "heads", options).map((id) => graph.indexOf(id));
  const below = reach(index.preds, ends, graph.size);
  const outside = starts.filter((s) => below[s] !== 1);
  if (outside.length > 0 || (ends.length === 0 && starts.length > 0)) {
    const label = `${range.start ?? ""}:${range.end ?? ""}`;
    const names = outside.map((i) => (index.sources[i] as RevisionSource).id);
    throw new AthanorError(
      "ATHANOR_INVALID_RANGE",
      `Requested range ${label} does not refer to ancestor/descendant revisions along the same branch: ${names.length > 0 ? names.map((n) => `'${n}'`).join(", ") : "the start"} is not an ancestor of the end. Swap the ends (history is start:end, oldest first) or pick revisions of one branch.`,
      { range: label, start: range.start ?? null, end: range.end ?? null, notAncestors: names },
    );
  }
  // Like Alembic, what follows the start is what grows from it through parents: a revision that
  // only depends on the start (dependsOn) belongs to another branch's history.
  const mask = starts.length === 0 ? below : reach(index.children, starts, graph.size);
  for (let i = 0; i < mask.length; i++) if (below[i] !== 1) mask[i] = 0;
  return walkOrder(index, mask, ends).map((i) => (index.sources[i] as RevisionSource).id);
}
