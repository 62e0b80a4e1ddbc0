import { defineCommand } from "../command.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

/**
 * `athanor heads [--verbose] [--json]`: the revisions nothing builds on. Real heads are marked
 * `(head)`; a revision that only a `dependsOn` builds on is listed as `(effective head)`.
 */
export default defineCommand<{ verbose?: boolean; json?: boolean }>({
  name: "heads",
  summary: "Show the current heads of the revision graph",
  json: true,
  options: [{ flags: "-v, --verbose", description: "show full entries" }],
  async run(ctx, { options, configPath }) {
    const { graph } = await loadProject(ctx, configPath);
    const view = new RevisionView(graph, ctx);
    const wanted = new Set([...graph.heads(), ...graph.effectiveHeads()]);
    const ids = graph
      .revisions()
      .map((r) => r.id)
      .filter((id) => wanted.has(id));
    if (options.json) printJson(ctx, { heads: ids.map((id) => view.json(id)) });
    else printLines(ctx, options.verbose ? view.logEntries(ids) : ids.map((id) => view.headLine(id)));
  },
});
