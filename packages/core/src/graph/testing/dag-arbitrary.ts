import fc from "fast-check";
import type { RevisionSource } from "../../revision/revision.js";
import { rev } from "./graph-fixtures.js";

/**
 * Random valid DAGs: revision i picks parents and dependencies among revisions < i (so there
 * are bases, branch points, merges and cross-branch dependencies), a few carry labels, and
 * the input order is shuffled so nothing relies on files arriving parents-first. Shared by the
 * planner's property tests.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(dagArbitrary, (sources) => { RevisionGraph.build(sources); }));
 * ```
 */
export const dagArbitrary = fc
  .array(
    fc.record({
      parents: fc.uniqueArray(fc.nat(), { maxLength: 3 }),
      deps: fc.uniqueArray(fc.nat(), { maxLength: 2 }),
      label: fc.boolean(),
      sortKey: fc.nat(),
    }),
    { minLength: 1, maxLength: 16 },
  )
  .map((nodes) => {
    const sources = nodes.map((node, i): RevisionSource & { sortKey: number } => {
      const parents = i === 0 ? [] : [...new Set(node.parents.map((p) => `r${p % i}`))];
      const deps =
        i === 0 ? [] : [...new Set(node.deps.map((d) => `r${d % i}`))].filter((d) => !parents.includes(d));
      return {
        ...rev(`r${i}`, parents, {
          dependsOn: deps,
          branchLabels: node.label && i % 3 === 0 ? [`L${i}`] : [],
        }),
        sortKey: node.sortKey,
      };
    });
    return sources.sort((a, b) => a.sortKey - b.sortKey);
  });
