import type { RevisionSource } from "../revision/revision.js";

/**
 * API CONTRACT (skeleton — to be implemented). The CLI codes against these signatures.
 *
 * An immutable, validated revision DAG. Edges: `parents` (down revisions) and `dependsOn`.
 *
 * @example
 * ```ts
 * const graph = RevisionGraph.build(headers); // throws coded AthanorError on bad input
 * graph.heads(); // ["c3", "d4"]
 * ```
 */
export class RevisionGraph {
  /**
   * Validates and builds. Errors (each an AthanorError naming the files involved via meta.files):
   * ATHANOR_REVISION_ID_INVALID, ATHANOR_DUPLICATE_REVISION, ATHANOR_UNKNOWN_PARENT, ATHANOR_SELF_LOOP,
   * ATHANOR_CYCLE, ATHANOR_DUPLICATE_BRANCH_LABEL.
   */
  static build(_revisions: readonly RevisionSource[]): RevisionGraph {
    throw new Error("not implemented");
  }

  /** Number of revisions. */
  get size(): number {
    throw new Error("not implemented");
  }

  /** Every revision in deterministic topological order (parents and dependencies first). */
  revisions(): readonly RevisionSource[] {
    throw new Error("not implemented");
  }

  get(_id: string): RevisionSource | undefined {
    throw new Error("not implemented");
  }

  /** Like get, but throws ATHANOR_UNKNOWN_REVISION. */
  require(_id: string): RevisionSource {
    throw new Error("not implemented");
  }

  /** Children through `parents` edges only. */
  children(_id: string): readonly string[] {
    throw new Error("not implemented");
  }

  /** Revisions that list `id` in their dependsOn. */
  dependents(_id: string): readonly string[] {
    throw new Error("not implemented");
  }

  /** Real heads: no children and no dependents. What `heads` means and what the version table holds at the top. */
  heads(): readonly string[] {
    throw new Error("not implemented");
  }

  /** Heads through parent edges only that are still depended on by another revision (Alembic's "effective heads"). */
  effectiveHeads(): readonly string[] {
    throw new Error("not implemented");
  }

  /** Revisions with no parents. */
  bases(): readonly string[] {
    throw new Error("not implemented");
  }

  /** Revisions with more than one child. */
  branchPoints(): readonly string[] {
    throw new Error("not implemented");
  }

  /** Revisions with more than one parent. */
  mergePoints(): readonly string[] {
    throw new Error("not implemented");
  }

  /** All ancestors (via parents and dependsOn) of the given ids, including the ids themselves. */
  ancestors(_ids: readonly string[]): ReadonlySet<string> {
    throw new Error("not implemented");
  }

  /** All descendants (via parents and dependsOn) of the given ids, including the ids themselves. */
  descendants(_ids: readonly string[]): ReadonlySet<string> {
    throw new Error("not implemented");
  }

  /** The revision that declares the branch label, if any. */
  labelOwner(_label: string): string | undefined {
    throw new Error("not implemented");
  }

  /** Branch labels that apply to a revision (declared on it, inherited along its branch, Alembic semantics). */
  labelsOf(_id: string): readonly string[] {
    throw new Error("not implemented");
  }
}
