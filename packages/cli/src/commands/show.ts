import { resolveTarget } from "@athanor/core";
import { defineCommand } from "../command.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

/** `athanor show REV [--json]`: the full entry of the revision(s) a target names (`heads` shows all). */
export default defineCommand<{ json?: boolean }>({
  name: "show",
  summary: "Show a revision: parents, dependencies, labels, path and message",
  arguments: ["<rev>"],
  json: true,
  async run(ctx, { args, options, configPath }) {
    const { graph } = await loadProject(ctx, configPath);
    const view = new RevisionView(graph, ctx);
    const ids = resolveTarget(graph, args[0] ?? "");
    if (options.json) printJson(ctx, { revisions: ids.map((id) => view.json(id)) });
    else printLines(ctx, ids.length === 0 ? ["<base>: before the first revision"] : view.logEntries(ids));
  },
});
