import { type AthanorError, isAthanorError } from "../../errors.js";
import type { RevisionSource } from "../../revision/revision.js";
import { RevisionGraph } from "../revision-graph.js";

/**
 * A revision header for graph tests, with a fake file path so errors can name it.
 *
 * @example
 * ```ts
 * rev("b", ["a"], { branchLabels: ["cart"] });
 * ```
 */
export function rev(
  id: string,
  parents: readonly string[] = [],
  extra: Partial<RevisionSource> = {},
): RevisionSource {
  return {
    id,
    parents,
    message: `revision ${id}`,
    branchLabels: [],
    dependsOn: [],
    transactional: true,
    file: `/project/migrations/versions/${id}.ts`,
    ...extra,
  };
}

/**
 * Builds a graph from `id:parent1,parent2` lines; `id:` is a base. Handy for small shapes.
 *
 * @example
 * ```ts
 * graphOf("a:", "b:a", "c:a", "m:b,c"); // diamond
 * ```
 */
export function graphOf(...lines: string[]): RevisionGraph {
  return RevisionGraph.build(
    lines.map((line) => {
      const [id = "", parents = ""] = line.split(":");
      return rev(id, parents.length > 0 ? parents.split(",") : []);
    }),
  );
}

/**
 * Runs `fn` and returns the AthanorError it throws; fails when it returns or throws anything else.
 *
 * @example
 * ```ts
 * expect(thrown(() => resolveTarget(g, "zz")).code).toBe("ATHANOR_UNKNOWN_REVISION");
 * ```
 */
export function thrown(fn: () => unknown): AthanorError {
  try {
    fn();
  } catch (error) {
    if (isAthanorError(error)) return error;
    throw new Error(`expected an AthanorError, got ${String(error)}`);
  }
  throw new Error("expected an AthanorError, but nothing was thrown");
}
