import type { RevisionGraph } from "@athanor/core";
import type { Context } from "../context.js";
import { displayPath } from "../output.js";

/** A revision as `--json` prints it: the header plus its place in the graph. */
export interface RevisionJson {
  readonly id: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly createdAt: string | null;
  /** Labels declared in this file. */
  readonly branchLabels: readonly string[];
  /** Labels that apply to this revision (declared here or inherited along its branch). */
  readonly labels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly phase: string | null;
  readonly transactional: boolean;
  readonly file: string | null;
  readonly children: readonly string[];
  readonly isHead: boolean;
  readonly isEffectiveHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
}

/**
 * What a view reads of a graph: all of a {@link RevisionGraph}, or the few revisions of a
 * summary (the heads) answering for the graph they were taken from.
 */
export type RevisionFacts = Pick<
  RevisionGraph,
  "require" | "labelsOf" | "children" | "heads" | "effectiveHeads" | "branchPoints"
>;

/**
 * Renders revisions of one graph as text lines (Alembic's shapes) and JSON records. The derived
 * sets (heads, branch points...) are computed once, so printing 10,000 revisions stays linear.
 *
 * @example
 * ```ts
 * const view = new RevisionView(graph, ctx);
 * view.historyLine("53ff"); // "(ae10, 27c6) -> 53ff (head) (mergepoint), merge"
 * ```
 */
export class RevisionView {
  readonly #heads: ReadonlySet<string>;
  readonly #effectiveHeads: ReadonlySet<string>;
  readonly #branchPoints: ReadonlySet<string>;

  /**
   * @param markers extra markers for a revision's title, e.g. `history -i`'s `current`/`applied`.
   */
  constructor(
    readonly graph: RevisionFacts,
    readonly ctx: Pick<Context, "cwd">,
    readonly markers: (id: string) => readonly string[] = () => [],
  ) {
    this.#heads = new Set(graph.heads());
    this.#effectiveHeads = new Set(graph.effectiveHeads());
    this.#branchPoints = new Set(graph.branchPoints());
  }

  isHead(id: string): boolean {
    return this.#heads.has(id);
  }

  isEffectiveHead(id: string): boolean {
    return this.#effectiveHeads.has(id);
  }

  /** `27c6 (cart) (head)`: id, labels and markers. */
  title(id: string, { tree = true }: { tree?: boolean } = {}): string {
    const revision = this.graph.require(id);
    const labels = this.graph.labelsOf(id);
    let text = id;
    if (labels.length > 0) text += ` (${labels.join(", ")})`;
    if (this.#heads.has(id)) text += " (head)";
    if (this.#effectiveHeads.has(id)) text += " (effective head)";
    if (tree && this.#branchPoints.has(id)) text += " (branchpoint)";
    if (tree && revision.parents.length > 1) text += " (mergepoint)";
    for (const marker of this.markers(id)) text += ` (${marker})`;
    return text;
  }

  /** `parent -> id (labels) (markers) (depends on x), message` — one `history` line. */
  historyLine(id: string): string {
    const revision = this.graph.require(id);
    const from =
      revision.parents.length === 0
        ? "<base>"
        : revision.parents.length === 1
          ? revision.parents[0]
          : `(${revision.parents.join(", ")})`;
    const deps = revision.dependsOn.length > 0 ? ` (depends on ${revision.dependsOn.join(", ")})` : "";
    return `${from} -> ${this.title(id)}${deps}${messageSuffix(revision.message)}`;
  }

  /** `id (labels) (markers), message` — one `heads` line. */
  headLine(id: string): string {
    return `${this.title(id)}${messageSuffix(this.graph.require(id).message)}`;
  }

  /** The verbose entry of `show` and `--verbose`. */
  logEntry(id: string): string[] {
    const revision = this.graph.require(id);
    const lines = [`Rev: ${this.title(id)}`];
    if (revision.parents.length === 0) lines.push("Parent: <base>");
    else if (revision.parents.length === 1) lines.push(`Parent: ${revision.parents[0]}`);
    else lines.push(`Merges: ${revision.parents.join(", ")}`);
    if (revision.dependsOn.length > 0) lines.push(`Also depends on: ${revision.dependsOn.join(", ")}`);
    const children = this.graph.children(id);
    if (children.length > 1) lines.push(`Branches into: ${children.join(", ")}`);
    const labels = this.graph.labelsOf(id);
    if (labels.length > 0) lines.push(`Branch names: ${labels.join(", ")}`);
    if (revision.phase !== undefined) lines.push(`Phase: ${revision.phase}`);
    if (!revision.transactional) lines.push("Transactional: no");
    if (revision.file !== undefined) lines.push(`Path: ${displayPath(this.ctx, revision.file)}`);
    if (revision.createdAt !== undefined) lines.push(`Created: ${revision.createdAt}`);
    lines.push(
      "",
      ...(revision.message === ""
        ? ["    (no message)"]
        : revision.message.split("\n").map((l) => `    ${l}`)),
    );
    return lines;
  }

  /** Several entries separated by blank lines. */
  logEntries(ids: readonly string[]): string[] {
    return ids.flatMap((id, i) => (i === 0 ? this.logEntry(id) : ["", ...this.logEntry(id)]));
  }

  json(id: string): RevisionJson {
    const r = this.graph.require(id);
    return {
      id: r.id,
      parents: r.parents,
      message: r.message,
      createdAt: r.createdAt ?? null,
      branchLabels: r.branchLabels,
      labels: this.graph.labelsOf(id),
      dependsOn: r.dependsOn,
      phase: r.phase ?? null,
      transactional: r.transactional,
      file: r.file === undefined ? null : displayPath(this.ctx, r.file),
      children: this.graph.children(id),
      isHead: this.#heads.has(id),
      isEffectiveHead: this.#effectiveHeads.has(id),
      isBase: r.parents.length === 0,
      isBranchPoint: this.#branchPoints.has(id),
      isMergePoint: r.parents.length > 1,
    };
  }
}

function messageSuffix(message: string): string {
  const firstLine = message.split("\n")[0] ?? "";
  return firstLine === "" ? "" : `, ${firstLine}`;
}
