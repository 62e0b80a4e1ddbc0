import { AthanorError } from "@athanor/core/errors";
import { resolveTargets } from "@athanor/core/graph";
import { defineCommand } from "../command.js";
import { RevisionView } from "../format/revision-view.js";
import { displayPath, printJson, printLines } from "../output.js";
import { parentHeads } from "../project/graph-heads.js";
import { loadProject } from "../project/load-project.js";
import { writeRevision } from "../project/write-revision.js";

/**
 * `athanor merge -m MSG REV...`: writes a merge revision whose parents are the named heads
 * (`athanor merge heads` merges every head). Each must be a head.
 */
export default defineCommand<{ message?: string; branchLabel?: string[]; revId?: string; json?: boolean }>({
  name: "merge",
  summary: "Create a merge revision joining two or more heads",
  arguments: ["<revisions...>"],
  json: true,
  options: [
    { flags: "-m, --message <text>", description: "message (default: merge <ids>)" },
    {
      flags: "--branch-label <label>",
      description: "label the merged branch (repeatable)",
      repeatable: true,
    },
    { flags: "--rev-id <id>", description: "use this id instead of a random one" },
  ],
  async run(ctx, { args, options, configPath }) {
    const project = await loadProject(ctx, configPath);
    const { graph } = project;
    const parents = resolveTargets(graph, args);
    if (parents.length < 2) {
      throw new AthanorError(
        "ATHANOR_INVALID_TARGET",
        `A merge needs at least two revisions, but ${args.join(" ")} names ${parents.length === 0 ? "none" : `only ${parents[0]}`}.`,
        {
          targets: [...args],
          matches: [...parents],
          hint: "there is nothing to merge while the graph has a single head",
        },
      );
    }
    const heads = parentHeads(graph);
    const notHeads = parents.filter((id) => !heads.includes(id));
    if (notHeads.length > 0) {
      throw new AthanorError(
        "ATHANOR_NOT_A_HEAD",
        `Only heads can be merged, and ${notHeads.join(", ")} ${notHeads.length === 1 ? "is not a head" : "are not heads"}.`,
        { revisions: notHeads, heads, suggestions: heads },
      );
    }
    const created = writeRevision(ctx, project, {
      id: options.revId,
      message: options.message ?? `merge ${parents.join(", ")}`,
      parents,
      branchLabels: options.branchLabel,
    });
    const view = new RevisionView(created.graph, ctx);
    if (options.json) printJson(ctx, { revision: view.json(created.revision.id) });
    else
      printLines(ctx, [
        `Created merge revision ${view.historyLine(created.revision.id)}`,
        `  ${displayPath(ctx, created.revision.file ?? "")}`,
      ]);
  },
});
