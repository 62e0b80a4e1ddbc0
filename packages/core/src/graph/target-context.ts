import { AthanorError } from "../errors.js";
import type { RevisionSource } from "../revision/revision.js";
import { nextStep } from "../text/next-step.js";
import { byRank, type GraphIndex } from "./graph-index.js";
import type { RevisionGraph } from "./revision-graph.js";

/**
 * Everything target resolution needs: the graph, the database's current heads as indices,
 * the intended direction, and the original expression for messages.
 *
 * @internal
 * @example
 * ```ts
 * const ctx = targetContext(graph, "+1", { current: ["a"] });
 * ```
 */
export interface TargetContext {
  readonly graph: RevisionGraph;
  readonly index: GraphIndex;
  readonly current: readonly number[];
  readonly direction: "upgrade" | "downgrade" | undefined;
  readonly expression: string;
}

/**
 * Builds a context, checking that every current head is a known revision.
 *
 * @internal
 * @example
 * ```ts
 * targetContext(graph, "head", { current: [] });
 * ```
 */
export function targetContext(
  graph: RevisionGraph,
  expression: string,
  options: { readonly current?: readonly string[]; readonly direction?: "upgrade" | "downgrade" } = {},
): TargetContext {
  const current = currentIndices(graph, options.current ?? []);
  return { graph, index: graph.index, current, direction: options.direction, expression };
}

/**
 * Ids of indices in topological order.
 *
 * @internal
 * @example
 * ```ts
 * idsOf(ctx.index, [2, 0]); // ["a", "c"]
 * ```
 */
export function idsOf(index: GraphIndex, indices: Iterable<number>): string[] {
  return byRank(index, indices).map((i) => (index.sources[i] as RevisionSource).id);
}

/**
 * Lists ids for a message, quoted and capped so a 10,000-revision graph stays readable.
 *
 * @internal
 * @example
 * ```ts
 * quoteList(["a", "b"]); // "'a', 'b'"
 * ```
 */
export function quoteList(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max).map((id) => `'${id}'`);
  if (ids.length > max) shown.push(`… (${ids.length - max} more)`);
  return shown.join(", ");
}

/**
 * Validates version-table rows (known ids, each once) and returns their indices.
 *
 * @internal
 * @example
 * ```ts
 * currentIndices(graph, ["ae10", "27c6"]); // [1, 2]
 * ```
 */
export function currentIndices(graph: RevisionGraph, current: readonly string[]): number[] {
  const seen = new Set<string>();
  return current.map((id) => {
    if (seen.has(id)) {
      throw new AthanorError(
        "ATHANOR_VERSION_TABLE_CONFLICT",
        `The version table lists '${id}' twice (rows: ${current.join(", ")}). Fix it with \`${nextStep({ kind: "stamp", placeholder: "<heads>", purge: true })}\`.`,
        { current: [...current], duplicate: id },
      );
    }
    seen.add(id);
    const i = graph.index.byId.get(id);
    if (i === undefined) {
      throw new AthanorError(
        "ATHANOR_UNKNOWN_APPLIED_REVISION",
        `The version table names revision '${id}', but no revision file declares it. Restore the file, or re-stamp the database (\`${nextStep({ kind: "stamp", placeholder: "<rev>", purge: true })}\`).`,
        { revision: id, current: [...current] },
      );
    }
    return i;
  });
}
