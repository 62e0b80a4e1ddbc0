import { AthanorError, PHASES, type Phase, type RevisionGraph, resolveTarget } from "@athanor/core";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { RevisionView } from "../format/revision-view.js";
import { displayPath, printJson, printLines } from "../output.js";
import { parentHeads } from "../project/graph-heads.js";
import { loadProject } from "../project/load-project.js";
import { writeRevision } from "../project/write-revision.js";

interface Options {
  message?: string;
  head?: string;
  splice?: boolean;
  branchLabel?: string[];
  dependsOn?: string[];
  revId?: string;
  phase?: Phase;
  json?: boolean;
}

/**
 * `athanor revision -m MSG [--head REV] [--splice] [--branch-label L] [--depends-on REV]...
 * [--rev-id ID] [--phase P]`: writes a new, empty revision file on top of the single head, or on
 * `--head` (Alembic's rules: several heads need `--head`; a non-head needs `--splice`;
 * `--head base` starts a new root).
 */
export default defineCommand<Options>({
  name: "revision",
  summary: "Create a new revision file",
  json: true,
  options: [
    { flags: "-m, --message <text>", description: "what the revision does (also names the file)" },
    {
      flags: "--head <rev>",
      description: "build on this revision instead of the single head; `base` starts a new root",
    },
    {
      flags: "--splice",
      description: "allow --head to name a revision that is not a head (starts a new branch)",
    },
    { flags: "--branch-label <label>", description: "label the new branch (repeatable)", repeatable: true },
    {
      flags: "--depends-on <rev>",
      description: "order after this revision without merging branches (repeatable)",
      repeatable: true,
    },
    { flags: "--rev-id <id>", description: "use this id instead of a random one" },
    { flags: "--phase <phase>", description: "expand, migrate or contract", choices: PHASES },
  ],
  async run(ctx, { options, configPath }) {
    const message = options.message ?? (await promptMessage(ctx));
    const project = await loadProject(ctx, configPath);
    const { graph } = project;
    const created = writeRevision(ctx, project, {
      id: options.revId,
      message,
      parents: chooseParents(graph, options.head, options.splice === true),
      branchLabels: options.branchLabel,
      dependsOn: (options.dependsOn ?? []).map((target) => resolveOne(graph, target, "--depends-on")),
      phase: options.phase,
    });
    const view = new RevisionView(created.graph, ctx);
    if (options.json) printJson(ctx, { revision: view.json(created.revision.id) });
    else
      printLines(ctx, [
        `Created revision ${view.historyLine(created.revision.id)}`,
        `  ${displayPath(ctx, created.revision.file ?? "")}`,
      ]);
  },
});

function chooseParents(graph: RevisionGraph, head: string | undefined, splice: boolean): string[] {
  if (head === "base") return [];
  if (head === undefined) {
    // Real heads only: a head that another branch depends on (an effective head) is already
    // covered by that dependency, so it does not make the choice ambiguous.
    const heads = graph.heads();
    if (heads.length <= 1) return [...heads];
    throw new AthanorError(
      "ATHANOR_MULTIPLE_HEADS",
      `Multiple heads are present (${heads.join(", ")}); say which one the new revision builds on with --head, or merge them first.`,
      {
        heads,
        hint: `pass --head ${heads[0]} (or another head), or run \`athanor merge -m "merge heads" heads\``,
      },
    );
  }
  const id = resolveOne(graph, head, "--head");
  if (!splice && !parentHeads(graph).includes(id)) {
    throw new AthanorError(
      "ATHANOR_NOT_A_HEAD",
      `Revision ${id} is not a head (it already has children: ${graph.children(id).join(", ")}); pass --splice to start a new branch from it.`,
      { revision: id, children: graph.children(id), hint: `athanor revision --head ${id} --splice -m "..."` },
    );
  }
  return [id];
}

/** A target that must name exactly one revision. */
export function resolveOne(graph: RevisionGraph, target: string, flag: string): string {
  const ids = resolveTarget(graph, target);
  if (ids.length === 1) return ids[0] as string;
  throw new AthanorError(
    "ATHANOR_INVALID_TARGET",
    ids.length === 0
      ? `${flag} ${target} names no revision (it means base).`
      : `${flag} ${target} names ${ids.length} revisions (${ids.join(", ")}); name exactly one.`,
    { target, matches: [...ids], suggestions: [...ids] },
  );
}

async function promptMessage(ctx: Context): Promise<string> {
  if (!ctx.isTTY) {
    throw new AthanorError("ATHANOR_USAGE", 'A message is required: pass -m "what this revision does".', {
      hint: 'athanor revision -m "add users.timezone"',
    });
  }
  const { text, isCancel } = await import("@clack/prompts");
  const answer = await text({
    message: "What does this revision do?",
    validate: (v) => (v?.trim() ? undefined : "required"),
  });
  if (isCancel(answer)) throw new AthanorError("ATHANOR_USAGE", "Cancelled; nothing was written.");
  return answer;
}
