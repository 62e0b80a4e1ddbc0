import { defineCommand } from "../command.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

/** `athanor branches [--verbose] [--json]`: every branch point and the revisions it branches into. */
export default defineCommand<{ verbose?: boolean; json?: boolean }>({
  name: "branches",
  summary: "Show branch points and the branches that start there",
  json: true,
  options: [{ flags: "-v, --verbose", description: "show full entries" }],
  async run(ctx, { options, configPath }) {
    const { graph } = await loadProject(ctx, configPath);
    const view = new RevisionView(graph, ctx);
    const points = graph.branchPoints();
    if (options.json) {
      printJson(ctx, {
        branchPoints: points.map((id) => ({
          ...view.json(id),
          branches: graph.children(id).map((c) => view.json(c)),
        })),
      });
      return;
    }
    const lines: string[] = [];
    for (const id of points) {
      if (lines.length > 0) lines.push("");
      lines.push(...(options.verbose ? view.logEntry(id) : [view.headLine(id)]));
      const indent = " ".repeat(options.verbose ? 4 : id.length + 1);
      for (const child of graph.children(id)) lines.push(`${indent}-> ${view.headLine(child)}`);
    }
    printLines(ctx, lines);
  },
});
