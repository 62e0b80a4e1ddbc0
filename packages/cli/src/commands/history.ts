import { parseRange, revisionsInRange } from "@athanor/core";
import { defineCommand } from "../command.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

/**
 * `athanor history [-r START:END] [--verbose] [--json]`: revisions newest first, each as
 * `parent -> id (markers), message`, with branch points and merge points marked.
 */
export default defineCommand<{ revRange?: string; verbose?: boolean; json?: boolean }>({
  name: "history",
  summary: "List revisions newest first, marking heads, branch points and merge points",
  json: true,
  options: [
    {
      flags: "-r, --rev-range <range>",
      description: "only revisions in START:END (either side optional), e.g. base:head, ae10:",
    },
    { flags: "-v, --verbose", description: "show full entries" },
  ],
  async run(ctx, { options, configPath }) {
    const { graph } = await loadProject(ctx, configPath);
    const view = new RevisionView(graph, ctx);
    const ids =
      options.revRange === undefined
        ? graph
            .revisions()
            .map((r) => r.id)
            .reverse()
        : revisionsInRange(graph, parseRange(options.revRange));
    if (options.json)
      printJson(ctx, { range: options.revRange ?? null, revisions: ids.map((id) => view.json(id)) });
    else printLines(ctx, options.verbose ? view.logEntries(ids) : ids.map((id) => view.historyLine(id)));
  },
});
