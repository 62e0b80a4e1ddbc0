import type { RevisionGraph } from "../graph/revision-graph.js";
import { headerFields, sourceOfFields } from "./header-cache-row.js";
import type { RevisionSource } from "./revision.js";

/** A revision nothing builds on, with what `heads` prints about it. */
export interface RevisionHead {
  readonly revision: RevisionSource;
  /** Branch labels that apply to it (declared or inherited). */
  readonly labels: readonly string[];
  /** Nothing builds on it through parents or dependsOn. */
  readonly isHead: boolean;
  /** No children, but another revision's dependsOn names it (Alembic's effective head). */
  readonly isEffectiveHead: boolean;
}

/**
 * The heads and effective heads of `graph` in topological order, as a JSON value that
 * {@link acceptHeadsSummary} reads back: one row per head, the header's fields
 * (`headerFields`), then file, labels and the two flags. A head has no children, so it is never
 * a branch point.
 *
 * @example
 * ```ts
 * summariseHeads(RevisionGraph.build(revisions)); // [["c3", ["b2"], "msg", …, "/repo/…/c3.ts", [], true, false]]
 * ```
 */
export function summariseHeads(
  graph: Pick<RevisionGraph, "heads" | "effectiveHeads" | "revisions" | "labelsOf">,
): unknown[] {
  const heads = new Set(graph.heads());
  const effective = new Set(graph.effectiveHeads());
  const rows: unknown[] = [];
  for (const revision of graph.revisions()) {
    if (!heads.has(revision.id) && !effective.has(revision.id)) continue;
    rows.push([
      ...headerFields(revision),
      revision.file ?? null,
      graph.labelsOf(revision.id),
      heads.has(revision.id),
      effective.has(revision.id),
    ]);
  }
  return rows;
}

const FILE = 9;

/**
 * The heads a summary holds, or undefined when it is not exactly what {@link summariseHeads}
 * writes (a stored summary is hostile input).
 *
 * @example
 * ```ts
 * acceptHeadsSummary(summariseHeads(graph))?.map((head) => head.revision.id); // ["c3"]
 * ```
 */
export function acceptHeadsSummary(summary: unknown): RevisionHead[] | undefined {
  if (!Array.isArray(summary)) return undefined;
  const heads: RevisionHead[] = [];
  for (const row of summary as unknown[]) {
    if (!Array.isArray(row) || row.length !== FILE + 4) return undefined;
    const [file, labels, isHead, isEffectiveHead] = row.slice(FILE) as unknown[];
    if (file !== null && typeof file !== "string") return undefined;
    if (!Array.isArray(labels) || !labels.every((label) => typeof label === "string")) return undefined;
    if (typeof isHead !== "boolean" || typeof isEffectiveHead !== "boolean" || !(isHead || isEffectiveHead))
      return undefined;
    const revision = sourceOfFields(row, 0, file ?? "");
    if (revision === undefined) return undefined;
    heads.push({
      revision: file === null ? { ...revision, file: undefined } : revision,
      labels: labels as string[],
      isHead,
      isEffectiveHead,
    });
  }
  return heads;
}
