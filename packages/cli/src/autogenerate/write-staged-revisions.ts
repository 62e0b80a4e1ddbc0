import { renderStagedRevision, type StagedDiff } from "@athanor/autogenerate";
import type { DifferHooks, RevisionGraph, RevisionSource } from "@athanor/core";
import type { Context } from "../context.js";
import type { Project } from "../project/load-project.js";
import { type NewRevision, writeRevision } from "../project/write-revision.js";

/**
 * Writes the staged recipe as a chain of revision files: the first on the chosen parents (with
 * the branch labels and dependencies asked for), each next one on the one before, every file
 * marked with its phase and its message suffixed with it (`add tz (expand)`). With `--rev-id X`
 * the ids are X, X_2, X_3, ... so a script can name them; otherwise random.
 *
 * @example
 * ```ts
 * const { revisions } = writeStagedRevisions(ctx, project, { parents: ["ae10"], message: "add tz" }, generated.hooks, staged);
 * ```
 */
export function writeStagedRevisions(
  ctx: Context,
  project: Project,
  spec: Omit<NewRevision, "render">,
  hooks: DifferHooks,
  staged: StagedDiff,
): { revisions: RevisionSource[]; graph: RevisionGraph } {
  const revisions: RevisionSource[] = [];
  let current = project;
  let graph = project.graph;
  staged.revisions.forEach((revision, i) => {
    const previous = revisions.at(-1);
    const first = previous === undefined;
    const written = writeRevision(ctx, current, {
      id: spec.id === undefined ? undefined : i === 0 ? spec.id : `${spec.id}_${i + 1}`,
      message: revision.title === "" ? spec.message : `${spec.message} (${revision.title})`,
      parents: first ? spec.parents : [previous.id],
      branchLabels: first ? spec.branchLabels : [],
      dependsOn: first ? spec.dependsOn : [],
      phase: revision.phase ?? spec.phase,
      render: (header) => renderStagedRevision({ header, revision, hooks }),
    });
    revisions.push(written.revision);
    graph = written.graph;
    current = { ...current, revisions: [...current.revisions, written.revision], graph };
  });
  return { revisions, graph };
}
