import type { RevisionSource } from "@athanor/core";
import type { RevisionHead } from "@athanor/core/revision";
import type { RevisionFacts } from "../format/revision-view.js";

/**
 * The heads of a graph, answering for it in a `RevisionView`: what `heads` prints, without the
 * other revisions. A head has no children (so it is no branch point); an id that is not a head is
 * unknown here, which only a bug in a caller could ask for.
 *
 * @example
 * ```ts
 * const graph = new HeadsGraph(await loadHeads(ctx, configPath));
 * new RevisionView(graph, ctx).headLine(graph.heads()[0]);
 * ```
 */
export class HeadsGraph implements RevisionFacts {
  readonly #byId: ReadonlyMap<string, RevisionHead>;

  constructor(readonly entries: readonly RevisionHead[]) {
    this.#byId = new Map(entries.map((entry) => [entry.revision.id, entry]));
  }

  /** Heads and effective heads, in the graph's topological order. */
  ids(): string[] {
    return this.entries.map((entry) => entry.revision.id);
  }

  heads(): readonly string[] {
    return this.entries.filter((entry) => entry.isHead).map((entry) => entry.revision.id);
  }

  effectiveHeads(): readonly string[] {
    return this.entries.filter((entry) => entry.isEffectiveHead).map((entry) => entry.revision.id);
  }

  branchPoints(): readonly string[] {
    return [];
  }

  children(id: string): readonly string[] {
    this.#entry(id);
    return [];
  }

  labelsOf(id: string): readonly string[] {
    return this.#entry(id).labels;
  }

  require(id: string): RevisionSource {
    return this.#entry(id).revision;
  }

  #entry(id: string): RevisionHead {
    const entry = this.#byId.get(id);
    if (entry === undefined) throw new Error(`${id} is not a head: a heads summary knows only heads.`);
    return entry;
  }
}
