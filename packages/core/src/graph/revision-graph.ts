import { AthanorError } from "../errors.js";
import type { RevisionSource } from "../revision/revision.js";
import { nextStep } from "../text/next-step.js";
import { computeLabels } from "./branch-labels.js";
import { buildGraphIndex } from "./build-graph-index.js";
import { byRank, type GraphIndex, inOrder, reach } from "./graph-index.js";
import { walkOrder } from "./walk-order.js";

/**
 * An immutable, validated revision DAG. Edges: `parents` (down revisions) and `dependsOn`.
 * Every list it returns is in deterministic topological order (see `revisions()`).
 *
 * @example
 * ```ts
 * const graph = RevisionGraph.build(headers); // throws coded AthanorError on bad input
 * graph.heads(); // ["c3", "d4"]
 * ```
 */
export class RevisionGraph {
  /** @internal integer adjacency shared with the planner and target resolver. */
  readonly index: GraphIndex;
  #labels: readonly (readonly string[])[] | undefined;
  #owners: ReadonlyMap<string, string> | undefined;

  private constructor(index: GraphIndex) {
    this.index = index;
  }

  /**
   * Validates and builds. Errors (each an AthanorError naming the files involved via meta.files
   * and the revisions via meta.revisions): ATHANOR_REVISION_ID_INVALID, ATHANOR_DUPLICATE_REVISION,
   * ATHANOR_BRANCH_LABEL_INVALID, ATHANOR_DUPLICATE_BRANCH_LABEL, ATHANOR_SELF_LOOP,
   * ATHANOR_UNKNOWN_PARENT, ATHANOR_CYCLE (meta.cycle lists the ids around the loop).
   *
   * @example
   * ```ts
   * RevisionGraph.build([{ id: "a", parents: [], message: "", branchLabels: [], dependsOn: [], transactional: true }]);
   * ```
   */
  static build(revisions: readonly RevisionSource[]): RevisionGraph {
    return new RevisionGraph(buildGraphIndex(revisions));
  }

  /** Number of revisions. @example `graph.size // 42` */
  get size(): number {
    return this.index.sources.length;
  }

  /**
   * Every revision in deterministic topological order (parents and dependencies first).
   * Ties go to input order, following one branch as far as it goes before switching.
   *
   * @example
   * ```ts
   * graph.revisions().map((r) => r.id); // ["a", "b", "c"]
   * ```
   */
  revisions(): readonly RevisionSource[] {
    return this.index.order.map((i) => this.index.sources[i] as RevisionSource);
  }

  /**
   * Every revision newest first, in the order Alembic's `history` prints them: walking down from
   * the heads in file order, one line as far as it goes (see walkOrder).
   *
   * @example
   * ```ts
   * graph.newestFirst(); // ["53ff", "27c6", "ae10", "1975"]
   * ```
   */
  newestFirst(): readonly string[] {
    const all = new Uint8Array(this.size).fill(1);
    const heads = this.heads().map((id) => this.indexOf(id));
    return walkOrder(this.index, all, heads).map((i) => (this.index.sources[i] as RevisionSource).id);
  }

  /** The revision with exactly this id. @example `graph.get("a1")?.message` */
  get(id: string): RevisionSource | undefined {
    const i = this.index.byId.get(id);
    return i === undefined ? undefined : this.index.sources[i];
  }

  /** Like get, but throws ATHANOR_UNKNOWN_REVISION. @example `graph.require("a1").parents` */
  require(id: string): RevisionSource {
    return this.index.sources[this.indexOf(id)] as RevisionSource;
  }

  /** @internal index of an id, or ATHANOR_UNKNOWN_REVISION. */
  indexOf(id: string): number {
    const i = this.index.byId.get(id);
    if (i === undefined) {
      throw new AthanorError(
        "ATHANOR_UNKNOWN_REVISION",
        `Can't locate revision '${id}': no revision file declares that id. ${nextStep({ kind: "list-revisions" })}`,
        { target: id },
      );
    }
    return i;
  }

  /** Children through `parents` edges only. @example `graph.children("a") // ["b", "x"]` */
  children(id: string): readonly string[] {
    return this.#ids(this.index.children[this.indexOf(id)] ?? []);
  }

  /** Revisions that list `id` in their dependsOn. @example `graph.dependents("a2") // ["b3"]` */
  dependents(id: string): readonly string[] {
    return this.#ids(this.index.dependents[this.indexOf(id)] ?? []);
  }

  /**
   * Real heads: no children and no dependents. What `heads` means and what the version table
   * holds at the top.
   *
   * @example
   * ```ts
   * graph.heads(); // ["c3", "d4"]
   * ```
   */
  heads(): readonly string[] {
    return this.#where((i) => (this.index.succs[i]?.length ?? 0) === 0);
  }

  /**
   * Heads through parent edges only that are still depended on by another revision
   * (Alembic's "effective heads"). `heads()` ∪ `effectiveHeads()` is what `alembic heads` lists.
   *
   * @example
   * ```ts
   * graph.effectiveHeads(); // ["a2"] when b3 dependsOn a2 and a2 has no children
   * ```
   */
  effectiveHeads(): readonly string[] {
    const { children, dependents } = this.index;
    return this.#where((i) => (children[i]?.length ?? 0) === 0 && (dependents[i]?.length ?? 0) > 0);
  }

  /** Revisions with no parents. @example `graph.bases() // ["a"]` */
  bases(): readonly string[] {
    return this.#where((i) => (this.index.parents[i]?.length ?? 0) === 0);
  }

  /** Revisions with more than one child (parents edges). @example `graph.branchPoints() // ["a"]` */
  branchPoints(): readonly string[] {
    return this.#where((i) => (this.index.children[i]?.length ?? 0) > 1);
  }

  /** Revisions with more than one parent. @example `graph.mergePoints() // ["m"]` */
  mergePoints(): readonly string[] {
    return this.#where((i) => (this.index.parents[i]?.length ?? 0) > 1);
  }

  /**
   * All ancestors (via parents and dependsOn) of the given ids, including the ids themselves,
   * in topological order. Unknown ids throw ATHANOR_UNKNOWN_REVISION.
   *
   * @example
   * ```ts
   * [...graph.ancestors(["c"])]; // ["a", "b", "c"]
   * ```
   */
  ancestors(ids: readonly string[]): ReadonlySet<string> {
    return this.#closure(this.index.preds, ids);
  }

  /** All descendants (via parents and dependsOn) of the given ids, inclusive, in topological order. @example `graph.descendants(["b"])` */
  descendants(ids: readonly string[]): ReadonlySet<string> {
    return this.#closure(this.index.succs, ids);
  }

  /** The revision that declares the branch label, if any. @example `graph.labelOwner("cart") // "b"` */
  labelOwner(label: string): string | undefined {
    if (this.#owners === undefined) {
      const owners = new Map<string, string>();
      for (const s of this.index.sources) for (const l of s.branchLabels) owners.set(l, s.id);
      this.#owners = owners;
    }
    return this.#owners.get(label);
  }

  /** Every declared branch label, in topological order of the declaring revision. @example `graph.branchLabels() // ["cart", "net"]` */
  branchLabels(): readonly string[] {
    return [...new Set(this.revisions().flatMap((s) => s.branchLabels))];
  }

  /**
   * Branch labels that apply to a revision: declared on it, inherited from an ancestor, or
   * passed down from a descendant until the previous branch or merge point (Alembic semantics).
   *
   * @example
   * ```ts
   * graph.labelsOf("c"); // ["cart"]
   * ```
   */
  labelsOf(id: string): readonly string[] {
    this.#labels ??= computeLabels(this.index);
    return this.#labels[this.indexOf(id)] ?? [];
  }

  #ids(indices: Iterable<number>): string[] {
    return byRank(this.index, indices).map((i) => (this.index.sources[i] as RevisionSource).id);
  }

  #where(test: (i: number) => boolean): string[] {
    return this.index.order.filter(test).map((i) => (this.index.sources[i] as RevisionSource).id);
  }

  #closure(edges: readonly (readonly number[])[], ids: readonly string[]): ReadonlySet<string> {
    const mask = reach(
      edges,
      ids.map((id) => this.indexOf(id)),
      this.size,
    );
    return new Set(inOrder(this.index, mask).map((i) => (this.index.sources[i] as RevisionSource).id));
  }
}
