import type { RevisionSource } from "@athanor/core";

/**
 * A revision header for in-memory graphs in tests (`RevisionGraph.build([...])`), with the
 * defaults `athanor revision` would write.
 *
 * @example
 * ```ts
 * RevisionGraph.build([revisionHeader("a", []), revisionHeader("b", ["a"], "add email", { phase: "expand" })]);
 * ```
 */
export function revisionHeader(
  id: string,
  parents: readonly string[],
  message = `msg ${id}`,
  extra: Partial<RevisionSource> = {},
): RevisionSource {
  return { id, parents, message, branchLabels: [], dependsOn: [], transactional: true, ...extra };
}
